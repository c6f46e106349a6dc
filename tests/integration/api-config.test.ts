/**
 * GET /api/config serves the deployment's quick exit address (CONFIDE_QUICK_EXIT_URL), where a
 * reporter's "Leave now" button goes: the default when none is configured, else the configured
 * one, as the browser will read it. tests/browser/quick-exit.test.ts follows the button there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { ConfigReply } from '#contract/replies';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';

let plain: TestApp;
let configured: TestApp;

beforeAll(async () => {
  [plain, configured] = await Promise.all([
    buildTestApp(),
    buildTestApp({ env: { CONFIDE_QUICK_EXIT_URL: 'https://weather.example.org/today' } }),
  ]);
});

afterAll(async () => {
  await Promise.all([plain.close(), configured.close()]);
});

async function config(app: TestApp): Promise<Record<string, unknown>> {
  const res = await app.app.inject({ method: 'GET', url: '/api/config' });
  expect(res.statusCode).toBe(200);
  const body = res.json<Record<string, unknown>>();
  expect(Value.Check(ConfigReply, body), JSON.stringify(body)).toBe(true);
  return body;
}

describe('GET /api/config: the quick exit address', () => {
  it('is Wikipedia when the deployment configures none', async () => {
    expect((await config(plain)).quick_exit_url).toBe('https://www.wikipedia.org/');
  });

  it('is the configured address', async () => {
    expect((await config(configured)).quick_exit_url).toBe('https://weather.example.org/today');
  });
});
