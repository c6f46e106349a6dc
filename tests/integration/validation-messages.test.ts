/**
 * The message of a 400 for a request that fails its route's schema: it names the field, says
 * each problem once, and leaves out the branches of a "this or null" field that were not meant
 * (server/validation-message.ts). Fastify's own wording dropped the field's name and added
 * "must be null, must match a schema in anyOf" to every bad label.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_MINUTES } from '#contract/enumerations';
import { ready } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  createTeamWithService,
  expectError,
  injectAgent,
  signInFast,
  type MemberSession,
} from '../helpers/protocol/index.js';

let t: TestApp;
let admin: MemberSession;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  const team = await createTeamWithService(t.db);
  admin = await signInFast(injectAgent(t.app), team.slug, team.admin);
});
afterAll(async () => {
  await t.close();
});

const messageOf = (res: { json(): unknown }): string =>
  (res.json() as { error: { message: string } }).error.message;

describe('a request that fails its schema', () => {
  it('names the query parameter that is wrong', async () => {
    const res = await injectAgent(t.app).get('/api/cases?limit=abc');
    expectError(res, 400, 'invalid_request');
    expect(messageOf(res)).toBe('The querystring is not valid: limit must match pattern "^[1-9][0-9]{0,3}$"');
  });

  it('names a field that may be null by what it should be, once, without the null branch', async () => {
    const res = await admin.agent.patch('/api/team/settings', { community: 'En Wikipedia!' });
    expectError(res, 400, 'invalid_request');
    const message = messageOf(res);
    expect(message).toMatch(/^The body is not valid: community must match pattern "/);
    expect(message).not.toContain('must be null');
    expect(message).not.toContain('anyOf');
  });

  it('still says a wrong type of a nullable field, and nothing about null', async () => {
    const res = await admin.agent.patch('/api/team/settings', { retention_days: 'soon' });
    expectError(res, 400, 'invalid_request');
    expect(messageOf(res)).toBe('The body is not valid: retention_days must be integer');
  });

  it('names a nested field by its dotted path, and lists the values an enumeration allows', async () => {
    const res = await admin.agent.patch('/api/team/settings', {
      notification_defaults: { events: ['new_case'], digest_minutes: 'hourly' },
    });
    expectError(res, 400, 'invalid_request');
    expect(messageOf(res)).toBe(
      `The body is not valid: notification_defaults.digest_minutes must be one of ${DIGEST_MINUTES.join(', ')}`,
    );
  });

  it('says what the whole body lacks without a field name', async () => {
    const res = await admin.agent.patch('/api/team/settings', { unknown_setting: true });
    expectError(res, 400, 'invalid_request');
    expect(messageOf(res)).toBe('The body is not valid: must NOT have additional properties');
  });
});
