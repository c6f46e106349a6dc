// CONFIDE_QUICK_EXIT_URL (server/config.ts): where a reporter's "Leave now" button goes.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_QUICK_EXIT_URL, loadConfig } from '../../../server/config.js';

function problems(value: string): string[] {
  try {
    loadConfig({ CONFIDE_QUICK_EXIT_URL: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return expect.unreachable(`"${value}" was accepted`);
}

describe('CONFIDE_QUICK_EXIT_URL', () => {
  it('goes to Wikipedia when unset or empty', () => {
    expect(DEFAULT_QUICK_EXIT_URL).toBe('https://www.wikipedia.org/');
    expect(loadConfig({}).quickExitUrl).toBe('https://www.wikipedia.org/');
    expect(loadConfig({ CONFIDE_QUICK_EXIT_URL: '  ' }).quickExitUrl).toBe('https://www.wikipedia.org/');
  });

  it('takes an absolute http(s) address, as the browser will read it', () => {
    expect(loadConfig({ CONFIDE_QUICK_EXIT_URL: 'https://weather.example.org' }).quickExitUrl).toBe(
      'https://weather.example.org/',
    );
    expect(
      loadConfig({ CONFIDE_QUICK_EXIT_URL: ' http://news.example.org/today?edition=uk ' }).quickExitUrl,
    ).toBe('http://news.example.org/today?edition=uk');
  });

  it.each([
    [
      'javascript:alert(1)',
      'CONFIDE_QUICK_EXIT_URL must start with http:// or https://, got "javascript:alert(1)"',
    ],
    ['data:text/html,hello', 'CONFIDE_QUICK_EXIT_URL must start with http:// or https://'],
    ['ftp://x', 'CONFIDE_QUICK_EXIT_URL must start with http:// or https://, got "ftp://x"'],
    [
      'not a url',
      'CONFIDE_QUICK_EXIT_URL must be an absolute address such as https://www.wikipedia.org/, got "not a url"',
    ],
    ['/elsewhere', 'CONFIDE_QUICK_EXIT_URL must be an absolute address'],
    ['www.wikipedia.org', 'CONFIDE_QUICK_EXIT_URL must be an absolute address'],
  ])('refuses %j at start, naming the variable', (value, message) => {
    const found = problems(value);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it('refuses a user name or password in the address, without repeating it', () => {
    for (const value of ['https://ana:hunter2@example.org/', 'https://ana@example.org/']) {
      const found = problems(value);
      expect(found).toEqual(['CONFIDE_QUICK_EXIT_URL must not contain a user name or password']);
      expect(found.join(' ')).not.toContain('hunter2');
    }
  });

  it('is reported together with the other bad variables', () => {
    try {
      loadConfig({ PORT: 'x', CONFIDE_QUICK_EXIT_URL: 'ftp://x' });
      expect.unreachable('loadConfig accepted bad values');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
