import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

describe('configuration from the environment', () => {
  it('has defaults that need no configuration at all', () => {
    const config = loadConfig({}, '/srv/confide');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.publicUrl.href).toBe('http://127.0.0.1:3000/');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/srv/confide/data');
  });

  it('derives the public URL from HOST and PORT unless PUBLIC_URL is given', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl.href).toBe('http://0.0.0.0:8080/');
    expect(loadConfig({ PUBLIC_URL: 'https://report.example.org' }).publicUrl.protocol).toBe('https:');
  });

  it('resolves CONFIDE_DATA_DIR against the working directory', () => {
    expect(loadConfig({ CONFIDE_DATA_DIR: 'state' }, '/srv/confide').dataDir).toBe('/srv/confide/state');
    expect(loadConfig({ CONFIDE_DATA_DIR: '/var/lib/confide' }, '/x').dataDir).toBe('/var/lib/confide');
  });

  it.each([
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    [{ PORT: '3e3' }, 'PORT must be a whole number'],
    [{ PORT: '-1' }, 'PORT must be a whole number'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL must be an absolute URL'],
    [{ PUBLIC_URL: 'javascript:alert(1)' }, 'PUBLIC_URL must start with http:// or https://'],
    [{ PUBLIC_URL: 'https://x.org/?a=1' }, 'PUBLIC_URL must be a plain origin'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL must start with postgres://'],
    [{ DATABASE_URL: '::::' }, 'DATABASE_URL must be a URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ HOST: 'bad host!' }, 'HOST must be a host name or IP address'],
    [{ CONFIDE_DATA_DIR: 'a\0b' }, 'CONFIDE_DATA_DIR must be a path'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable('loadConfig accepted bad values');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
