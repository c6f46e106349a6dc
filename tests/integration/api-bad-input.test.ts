/**
 * Bad input is a 4xx in the error shape, never a 500: a fuzz-ish table of malformed bodies
 * for every route that takes one, bad parameters and queries, the CSRF header, and the
 * specific refusals of the protocol (bad signatures, tampered roster entries, duplicates,
 * attachment size, binding and type).
 *
 * Tests with a "Regression" note failed against the server before the commit they name, which
 * fixed the bug they found; the note says what the bug was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromBase64Url,
  generateId,
  randomBytes,
  ready,
  signedRosterChange,
  toBase64Url,
  type RosterRow,
} from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import { MAX_PAYLOAD_B64 } from '#contract/common';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type JoinedMember,
  type MemberCaseView,
  type MemberSession,
  type PreparedItem,
  type PreparedReport,
  type ReceiptCaseView,
  type ReporterIdentity,
  type SubmittedReport,
  acceptInvitation,
  createTeamWithService,
  enrolIdentity,
  expectReply,
  fetchTeam,
  foundTeamLocally,
  indexKeyGrantFor,
  injectAgent,
  invite,
  joinTeam,
  newSetupToken,
  openCase,
  openReceiptSession,
  patchCase,
  postRosterEntry,
  postReport,
  prepareMemberItem,
  prepareReport,
  prepareReporterItem,
  readReceiptCase,
  reporterWithoutReceipt,
  rosterMemberOf,
  setupRequestBody,
  signInFast,
  signRosterEntryFor,
  submitReport,
  uploadAttachment,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let reporter: ReporterIdentity;
let report: SubmittedReport;
let reporterBrowser: Agent;
let anaView: MemberCaseView;
let receiptView: ReceiptCaseView;
let memberItem: PreparedItem;
let reporterItem: PreparedItem;
let freshReport: PreparedReport;
let setupBody: ReturnType<typeof setupRequestBody>;
let strangerRow: RosterRow;
let invitee: ReturnType<typeof enrolIdentity>;
/** A valid issue of the team's key to Ana and Ben, signed again by Ana at the team's epoch. */
let issueBody: { epoch: number; grants: { member: string; wrap: string; sig: string }[] };

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off', MAX_ATTACHMENT_MB: '1' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben' });
  reporter = reporterWithoutReceipt();
  reporterBrowser = injectAgent(t.app);
  report = await submitReport(reporterBrowser, team.slug, {
    reporter,
    attachments: [{ name: 'a.txt', type: 'text/plain', bytes: new TextEncoder().encode('evidence') }],
  });
  expectReply(await openReceiptSession(reporterBrowser, reporter), 200, 'receipt session');
  anaView = await openCase(ana, report.caseId);
  receiptView = await readReceiptCase(reporterBrowser, reporter);
  memberItem = await prepareMemberItem(ana, anaView, { kind: 'message', text: 'A question for you' });
  reporterItem = await prepareReporterItem(reporterBrowser, reporter, receiptView, { text: 'An answer' });
  freshReport = await prepareReport(injectAgent(t.app), team.slug);
  // A set-up request for a token that was never issued: valid in shape, refused with 403.
  setupBody = setupRequestBody(toBase64Url(randomBytes(32)), foundTeamLocally());
  invitee = enrolIdentity({ team: team.id, name: 'Invitee' });
  strangerRow = await signRosterEntryFor(ana, 'add', rosterMemberOf(invitee, 'member'));
  issueBody = {
    epoch: ana.indexEpoch,
    grants: [team.admin.credentials, ben.identity.credentials].map((member) => {
      const { wrap, sig } = indexKeyGrantFor(ana, member);
      return { member: member.id, wrap, sig };
    }),
  };
});
afterAll(async () => {
  await t.close();
});

// ---------------------------------------------------------------------------
// The error shape
// ---------------------------------------------------------------------------

/** Why `res` is not a 4xx in the error shape, or null when it is. */
function errorShapeProblem(res: ApiResponse): string | null {
  if (res.status < 400 || res.status >= 500) return `status ${res.status}`;
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return 'a body that is not JSON';
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return 'not the error shape';
  if (Object.keys(body as object).length !== 1) return 'fields beside "error"';
  if (/\.ts:\d+|node_modules|at [\w.]+ \(/.test(res.text)) return 'a stack trace';
  return null;
}

function expectError(res: ApiResponse, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(errorShapeProblem(res), res.text).toBeNull();
  if (code !== undefined) expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
}

// ---------------------------------------------------------------------------
// The fuzz table
// ---------------------------------------------------------------------------

type Path = readonly (string | number)[];
type Kind = 'uuid' | 'b64' | 'string' | 'int' | 'bool' | 'object' | 'array' | 'enum';

interface Field {
  path: Path;
  kind: Kind;
  /** For b64: the exact number of bytes the field carries. */
  bytes?: number;
  optional?: boolean;
  /** null is a valid value (PATCH: clear the field). */
  nullable?: boolean;
  /** More values this field must refuse. */
  invalid?: readonly unknown[];
}

const DELETE = Symbol('delete');

const WRONG_TYPES: Record<Kind, readonly unknown[]> = {
  uuid: [42, true, null, {}, []],
  b64: [42, false, null, {}, ['x']],
  string: [42, true, null, {}, []],
  enum: [42, true, null, {}, []],
  int: ['1', 1.5, null, true, {}],
  bool: ['true', 0, null, []],
  object: ['x', [], null, 42],
  array: ['x', {}, null, 42],
};

const A_UUID = '0b8e2f4a-7c61-4d3e-a5b9-2c8d1e0f6a73';

function mutationsOf(field: Field, current: unknown): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = WRONG_TYPES[field.kind]
    .filter((value) => !(field.nullable === true && value === null))
    .map((value) => ({ label: `wrong type ${JSON.stringify(value)}`, value }));
  if (!field.optional) out.push({ label: 'missing', value: DELETE });
  if (field.kind === 'uuid') {
    const text = typeof current === 'string' ? current : A_UUID;
    out.push(
      { label: 'not a uuid', value: 'not-a-uuid' },
      { label: 'uppercase uuid', value: text.toUpperCase() },
      { label: 'uuid v1', value: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' },
      { label: 'uuid with a newline', value: `${text}\n` },
      { label: 'path in a uuid', value: '../../../../etc/passwd' },
      { label: 'empty uuid', value: '' },
    );
  }
  if (field.kind === 'b64') {
    const text = typeof current === 'string' ? current : 'AAAA';
    out.push(
      { label: 'standard base64 characters', value: `+/${text.slice(2)}` },
      { label: 'padding', value: `${text.slice(0, -1)}=` },
      { label: 'a space', value: ` ${text.slice(1)}` },
      { label: 'a non-ASCII character', value: `é${text.slice(1)}` },
    );
    if (field.bytes !== undefined) {
      out.push(
        { label: 'one character short', value: text.slice(0, -1) },
        { label: 'one character long', value: `${text}A` },
        { label: 'one byte short', value: toBase64Url(randomBytes(field.bytes - 1)) },
        { label: 'one byte long', value: toBase64Url(randomBytes(field.bytes + 1)) },
        { label: 'empty', value: '' },
      );
    }
  }
  if (field.kind === 'enum')
    out.push({ label: 'unknown value', value: 'bogus' }, { label: 'empty', value: '' });
  if (field.kind === 'string') out.push({ label: 'huge string', value: 'x'.repeat(200_000) });
  if (field.kind === 'object')
    out.push({ label: 'extra field', value: { ...(current as object), sneaky: 1 } });
  for (const value of field.invalid ?? [])
    out.push({ label: `invalid ${JSON.stringify(value).slice(0, 60)}`, value });
  return out;
}

function withValue(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === undefined) return value;
  if (value === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else Reflect.deleteProperty(node, last);
  } else {
    node[last] = value;
  }
  return copy;
}

function valueAt(body: unknown, path: Path): unknown {
  let node = body;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

interface Route {
  method: 'POST' | 'PATCH' | 'PUT';
  path: string;
  agent: () => Agent;
  body: () => unknown;
  fields: readonly Field[];
}

const envelopeFields = (prefix: Path): Field[] => [
  { path: prefix, kind: 'object' },
  { path: [...prefix, 'v'], kind: 'int', invalid: [1e300, '1'] },
  { path: [...prefix, 'n'], kind: 'b64', bytes: 24 },
  { path: [...prefix, 'c'], kind: 'b64', invalid: ['', 'A'.repeat(MAX_PAYLOAD_B64 + 1)] },
];

const credentialFields = (prefix: Path): Field[] => [
  { path: prefix, kind: 'object' },
  { path: [...prefix, 'id'], kind: 'uuid' },
  {
    path: [...prefix, 'name'],
    kind: 'string',
    invalid: ['', ' leading space', 'trailing space ', 'x'.repeat(65)],
  },
  { path: [...prefix, 'enc_pk'], kind: 'b64', bytes: 32 },
  { path: [...prefix, 'sign_pk'], kind: 'b64', bytes: 32 },
  { path: [...prefix, 'kdf'], kind: 'object' },
  { path: [...prefix, 'kdf', 'alg'], kind: 'enum', invalid: ['argon2i13', 'scrypt'] },
  { path: [...prefix, 'kdf', 'ops'], kind: 'int', invalid: [0, -1, 33, 2 ** 53] },
  { path: [...prefix, 'kdf', 'mem'], kind: 'int', invalid: [0, 8191, 2 ** 33] },
  { path: [...prefix, 'kdf', 'salt'], kind: 'b64', bytes: 16 },
  { path: [...prefix, 'auth'], kind: 'b64', bytes: 32 },
  ...envelopeFields([...prefix, 'keys']),
  { path: [...prefix, 'recovery'], kind: 'object', optional: true },
];

const rosterRowFields = (prefix: Path): Field[] => [
  { path: prefix, kind: 'object' },
  { path: [...prefix, 'entry'], kind: 'object' },
  { path: [...prefix, 'entry', 'v'], kind: 'int', invalid: [0, 2] },
  { path: [...prefix, 'entry', 'team'], kind: 'uuid' },
  { path: [...prefix, 'entry', 'seq'], kind: 'int', invalid: [-1] },
  { path: [...prefix, 'entry', 'prev'], kind: 'b64', bytes: 32 },
  { path: [...prefix, 'entry', 'at'], kind: 'string', invalid: ['yesterday', '2026-11-24 06:41:00', ''] },
  { path: [...prefix, 'entry', 'op'], kind: 'enum' },
  { path: [...prefix, 'entry', 'member'], kind: 'object' },
  { path: [...prefix, 'entry', 'member', 'id'], kind: 'uuid' },
  { path: [...prefix, 'entry', 'member', 'name'], kind: 'string', invalid: ['', 'x'.repeat(65)] },
  { path: [...prefix, 'entry', 'member', 'role'], kind: 'enum', invalid: ['owner'] },
  { path: [...prefix, 'entry', 'member', 'enc_pk'], kind: 'b64', bytes: 32 },
  { path: [...prefix, 'entry', 'member', 'sign_pk'], kind: 'b64', bytes: 32 },
  { path: [...prefix, 'entry', 'by'], kind: 'uuid' },
  { path: [...prefix, 'sig'], kind: 'b64', bytes: 64 },
  { path: [...prefix, 'hash'], kind: 'b64', bytes: 32 },
];

/** A signed grant of the team's index key (contract/index-keys.ts IndexKeyGrant). */
const indexKeyGrantFields = (prefix: Path, options: { optional?: boolean } = {}): Field[] => [
  { path: prefix, kind: 'object', ...options },
  { path: [...prefix, 'epoch'], kind: 'int', invalid: [0, -1, 2 ** 31, 1e300] },
  { path: [...prefix, 'wrap'], kind: 'b64', bytes: 80 },
  { path: [...prefix, 'by'], kind: 'uuid' },
  { path: [...prefix, 'sig'], kind: 'b64', bytes: 64 },
];

const grantFields = (prefix: Path): Field[] => [
  { path: prefix, kind: 'array', invalid: [[], Array.from({ length: 502 }, () => ({ to: A_UUID, k: 'A' }))] },
  { path: [...prefix, 0], kind: 'object' },
  { path: [...prefix, 0, 'to'], kind: 'uuid', invalid: ['REPORTER', 'reporters', 'team'] },
  { path: [...prefix, 0, 'k'], kind: 'b64', bytes: 80 },
];

const itemFields: Field[] = [
  { path: [], kind: 'object', optional: true },
  { path: ['id'], kind: 'uuid' },
  { path: ['case'], kind: 'uuid' },
  { path: ['kind'], kind: 'enum', invalid: ['Message', 'outcome'] },
  { path: ['author'], kind: 'uuid', invalid: ['Reporter', 'someone'] },
  { path: ['audience'], kind: 'enum', invalid: ['everyone', 'public'] },
  ...envelopeFields(['payload']),
  ...grantFields(['grants']),
  {
    path: ['attachments'],
    kind: 'array',
    optional: true,
    invalid: [['x'], [A_UUID, A_UUID], Array.from({ length: 21 }, () => generateId())],
  },
  { path: ['sig'], kind: 'b64', bytes: 64 },
];

function routes(): Record<string, Route> {
  const member = () => ana.agent;
  const anonymous = () => injectAgent(t.app);
  return {
    'POST /api/setup': {
      method: 'POST',
      path: '/api/setup',
      agent: anonymous,
      body: () => setupBody,
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['token'], kind: 'string', invalid: ['short', `${'x'.repeat(30)} space`, 'x'.repeat(101)] },
        { path: ['team'], kind: 'object' },
        { path: ['team', 'id'], kind: 'uuid' },
        {
          path: ['team', 'slug'],
          kind: 'string',
          invalid: ['UPPER', '-leading', 'a', 'a/b', 'x'.repeat(64)],
        },
        { path: ['team', 'name'], kind: 'string', invalid: ['', 'x'.repeat(121)] },
        { path: ['team', 'description'], kind: 'string', invalid: ['x'.repeat(2001)] },
        { path: ['team', 'handles_life_threats'], kind: 'bool', optional: true },
        { path: ['team', 'first_response_hours'], kind: 'int', optional: true, invalid: [0, 721, -5] },
        {
          path: ['team', 'community'],
          kind: 'string',
          optional: true,
          nullable: true,
          invalid: ['Global', 'en wikipedia', '.global', 'global-', '', 'x'.repeat(65)],
        },
        ...rosterRowFields(['genesis']),
        ...credentialFields(['admin']),
        ...indexKeyGrantFields(['index_key_grant']),
      ],
    },
    'POST /api/session/params': {
      method: 'POST',
      path: '/api/session/params',
      agent: anonymous,
      body: () => ({ team: team.slug, name: 'Ana' }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['team'], kind: 'string', invalid: ['Not A Slug', ''] },
        { path: ['name'], kind: 'string', invalid: ['', 'x'.repeat(65)] },
      ],
    },
    'POST /api/session': {
      method: 'POST',
      path: '/api/session',
      agent: anonymous,
      body: () => ({ team: team.slug, name: 'Ana', auth: team.admin.credentials.auth }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['team'], kind: 'string', invalid: ['Not A Slug'] },
        { path: ['name'], kind: 'string', invalid: ['', 'x'.repeat(65)] },
        { path: ['auth'], kind: 'b64', bytes: 32 },
      ],
    },
    'POST /api/invitations/lookup': {
      method: 'POST',
      path: '/api/invitations/lookup',
      agent: anonymous,
      body: () => ({ token: toBase64Url(randomBytes(32)) }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['token'], kind: 'string', invalid: ['short', 'x'.repeat(101), `${'x'.repeat(30)}=`] },
      ],
    },
    'POST /api/invitations/accept': {
      method: 'POST',
      path: '/api/invitations/accept',
      agent: anonymous,
      body: () => ({ token: toBase64Url(randomBytes(32)), member: invitee.credentials }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['token'], kind: 'string', invalid: ['short', 'x'.repeat(101)] },
        ...credentialFields(['member']),
      ],
    },
    'POST /api/teams/{slug}/invitations': {
      method: 'POST',
      path: `/api/teams/${team.slug}/invitations`,
      agent: member,
      body: () => ({ role: 'member' }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['role'], kind: 'enum', invalid: ['owner', 'Admin'] },
      ],
    },
    'POST /api/teams/{slug}/roster': {
      method: 'POST',
      path: `/api/teams/${team.slug}/roster`,
      agent: member,
      body: () => ({ row: strangerRow, index_key_grant: indexKeyGrantFor(ana, invitee.credentials) }),
      fields: [
        { path: [], kind: 'object', optional: true },
        ...rosterRowFields(['row']),
        ...indexKeyGrantFields(['index_key_grant'], { optional: true }),
      ],
    },
    'PUT /api/teams/{slug}/index-key': {
      method: 'PUT',
      path: `/api/teams/${team.slug}/index-key`,
      agent: member,
      body: () => issueBody,
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['epoch'], kind: 'int', invalid: [0, -1, 2 ** 31, 1e300, 2 ** 53] },
        {
          path: ['grants'],
          kind: 'array',
          invalid: [
            [],
            Array.from({ length: 1001 }, () => issueBody.grants[0]),
            Array.from({ length: 100_000 }, () => ({})),
          ],
        },
        { path: ['grants', 0], kind: 'object' },
        { path: ['grants', 0, 'member'], kind: 'uuid' },
        { path: ['grants', 0, 'wrap'], kind: 'b64', bytes: 80 },
        { path: ['grants', 0, 'sig'], kind: 'b64', bytes: 64 },
      ],
    },
    'PUT /api/teams/{slug}/case-tags': {
      method: 'PUT',
      path: `/api/teams/${team.slug}/case-tags`,
      agent: member,
      body: () => ({
        epoch: ana.indexEpoch,
        cases: [{ case: report.caseId, involved: [toBase64Url(randomBytes(16))], reporter: [] }],
      }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['epoch'], kind: 'int', invalid: [0, -1, 2 ** 31, 1e300] },
        {
          path: ['cases'],
          kind: 'array',
          invalid: [
            [],
            Array.from({ length: 201 }, () => ({ case: generateId(), involved: [], reporter: [] })),
            Array.from({ length: 100_000 }, () => ({})),
          ],
        },
        { path: ['cases', 0], kind: 'object' },
        { path: ['cases', 0, 'case'], kind: 'uuid' },
        {
          path: ['cases', 0, 'involved'],
          kind: 'array',
          invalid: [Array.from({ length: 101 }, () => toBase64Url(randomBytes(16)))],
        },
        // Without it the list is empty, which is valid: the case names no account.
        { path: ['cases', 0, 'involved', 0], kind: 'b64', bytes: 16, optional: true },
        {
          path: ['cases', 0, 'reporter'],
          kind: 'array',
          invalid: [[toBase64Url(randomBytes(16)), toBase64Url(randomBytes(16))]],
        },
      ],
    },
    'POST /api/reports': {
      method: 'POST',
      path: '/api/reports',
      agent: anonymous,
      body: () => freshReport.submission,
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['id'], kind: 'uuid' },
        { path: ['team'], kind: 'uuid' },
        { path: ['roster_seq'], kind: 'int', invalid: [-1, 2 ** 53] },
        ...envelopeFields(['payload']),
        ...grantFields(['grants']),
        { path: ['reporter'], kind: 'object' },
        { path: ['reporter', 'box_pk'], kind: 'b64', bytes: 32 },
        { path: ['reporter', 'sign_pk'], kind: 'b64', bytes: 32 },
        { path: ['reporter', 'lookup_hash'], kind: 'b64', bytes: 32 },
        { path: ['sig'], kind: 'b64', bytes: 64 },
        { path: ['urgent'], kind: 'bool' },
        {
          path: ['excluded'],
          kind: 'array',
          invalid: [['x'], [A_UUID, A_UUID], Array.from({ length: 101 }, () => generateId())],
        },
        {
          path: ['attachments'],
          kind: 'array',
          optional: true,
          invalid: [['x'], [A_UUID, A_UUID], Array.from({ length: 21 }, () => generateId())],
        },
      ],
    },
    'POST /api/receipt/session': {
      method: 'POST',
      path: '/api/receipt/session',
      agent: anonymous,
      body: () => ({ lookup: toBase64Url(reporter.keys.lookup) }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['lookup'], kind: 'b64', bytes: 32 },
      ],
    },
    'POST /api/receipt/items': {
      method: 'POST',
      path: '/api/receipt/items',
      agent: () => reporterBrowser,
      body: () => reporterItem.item,
      fields: itemFields,
    },
    'POST /api/cases/{id}/items': {
      method: 'POST',
      path: `/api/cases/${report.caseId}/items`,
      agent: member,
      body: () => memberItem.item,
      fields: itemFields,
    },
    'PATCH /api/cases/{id}': {
      method: 'PATCH',
      path: `/api/cases/${report.caseId}`,
      agent: member,
      body: () => ({
        status: 'investigating',
        check_in_by: '2031-01-01T00:00:00Z',
        assignee: ben.identity.id,
      }),
      fields: [
        { path: [], kind: 'object', optional: true, invalid: [{}] },
        { path: ['status'], kind: 'enum', optional: true, invalid: ['open', 'CLOSED'] },
        {
          path: ['check_in_by'],
          kind: 'string',
          optional: true,
          nullable: true,
          invalid: ['tomorrow', '2026-11-24', '2026-11-24T06:41:00+02:00', 1_700_000_000],
        },
        { path: ['assignee'], kind: 'uuid', optional: true, nullable: true },
      ],
    },
    'POST /api/regrants': {
      method: 'POST',
      path: '/api/regrants',
      agent: member,
      body: () => ({
        member: ben.identity.id,
        grants: [{ object: report.caseId, k: toBase64Url(randomBytes(80)) }],
      }),
      fields: [
        { path: [], kind: 'object', optional: true },
        { path: ['member'], kind: 'uuid' },
        { path: ['grants'], kind: 'array', invalid: [[]] },
        { path: ['grants', 0], kind: 'object' },
        { path: ['grants', 0, 'object'], kind: 'uuid' },
        { path: ['grants', 0, 'k'], kind: 'b64', bytes: 80 },
      ],
    },
  };
}

const WHOLE_BODIES: readonly { label: string; body: string; contentType?: string }[] = [
  { label: 'an array', body: '[]' },
  { label: 'a string', body: '"hello"' },
  { label: 'a number', body: '42' },
  { label: 'null', body: 'null' },
  { label: 'malformed JSON', body: '{"unterminated": ' },
  { label: 'an empty body', body: '' },
  { label: 'duplicate keys only', body: '{"a":1,"a":2}' },
  { label: 'deep nesting', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { label: 'text/plain', body: 'hello', contentType: 'text/plain' },
  { label: 'a form', body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
];

const ROUTES_WITH_BODIES = [
  'POST /api/setup',
  'POST /api/session/params',
  'POST /api/session',
  'POST /api/invitations/lookup',
  'POST /api/invitations/accept',
  'POST /api/teams/{slug}/invitations',
  'POST /api/teams/{slug}/roster',
  'PUT /api/teams/{slug}/index-key',
  'PUT /api/teams/{slug}/case-tags',
  'POST /api/reports',
  'POST /api/receipt/session',
  'POST /api/receipt/items',
  'POST /api/cases/{id}/items',
  'PATCH /api/cases/{id}',
  'POST /api/regrants',
] as const;

describe('malformed bodies', () => {
  for (const name of ROUTES_WITH_BODIES) {
    it(`${name} answers every malformed body with a 4xx in the error shape`, async () => {
      const r = routes()[name];
      if (r === undefined) throw new Error(`no route ${name}`);
      const base = r.body();
      const offenders: string[] = [];
      const check = (label: string, res: ApiResponse): void => {
        const problem = errorShapeProblem(res);
        if (problem !== null) offenders.push(`${label}: ${problem} ${res.text.slice(0, 160)}`);
      };
      for (const field of r.fields) {
        for (const mutation of mutationsOf(field, valueAt(base, field.path))) {
          const body = withValue(base, field.path, mutation.value);
          const res = await r.agent().request(r.method, r.path, { json: body });
          check(`${field.path.join('.') || '(body)'} ${mutation.label}`, res);
        }
      }
      for (const whole of WHOLE_BODIES) {
        const res = await r.agent().request(r.method, r.path, {
          body: whole.body,
          contentType: whole.contentType ?? 'application/json',
        });
        check(`whole body: ${whole.label}`, res);
      }
      expect(offenders).toEqual([]);
    });
  }

  it('answers a JSON body over the size limit with a 413', async () => {
    const res = await injectAgent(t.app).post('/api/reports', {
      ...freshReport.submission,
      payload: { ...freshReport.submission.payload, c: 'A'.repeat(2_200_000) },
    });
    expectError(res, 413);
  });

  it('leaves the case untouched after all of that', async () => {
    const view = await openCase(ana, report.caseId);
    expect(view.raw.status).toBe('received');
    expect(view.items).toEqual([]);
  });
});

describe('bad parameters and queries', () => {
  it('answers bad ids, slugs, cursors and limits with a 4xx in the error shape', async () => {
    const requests: [string, string][] = [];
    for (const bad of ['not-a-uuid', report.caseId.toUpperCase(), '%00', '..%2F..%2Fetc', 'x'.repeat(90)]) {
      requests.push(
        ['GET', `/api/cases/${bad}`],
        ['GET', `/api/attachments/${bad}`],
        ['PATCH', `/api/cases/${bad}`],
      );
      requests.push(
        ['POST', `/api/cases/${bad}/items`],
        ['DELETE', `/api/teams/${team.slug}/members/${bad}`],
      );
      requests.push(['GET', `/api/regrants?member=${bad}`]);
    }
    for (const slug of ['UPPER', '-', 'x'.repeat(90), 'a%2Fb', '%00']) {
      requests.push(['GET', `/api/teams/${slug}`], ['GET', `/api/teams/${slug}/members`]);
      requests.push(['POST', `/api/teams/${slug}/invitations`], ['POST', `/api/teams/${slug}/roster`]);
      requests.push(['PUT', `/api/teams/${slug}/index-key`], ['GET', `/api/teams/${slug}/untagged-cases`]);
      requests.push(['PUT', `/api/teams/${slug}/case-tags`]);
    }
    for (const query of [
      'limit=0',
      'limit=501',
      'limit=01',
      'limit=abc',
      'limit=-1',
      'limit=1.5',
      'limit=',
      'unknown=1',
      'limit=1&limit=2',
    ]) {
      requests.push(['GET', `/api/teams/${team.slug}/untagged-cases?${query}`]);
    }
    for (const query of [
      '',
      'ids=',
      'ids=not-a-uuid',
      `ids=${report.caseId.toUpperCase()}`,
      `ids=${report.caseId},`,
      `ids=${report.caseId},${report.caseId}`,
      `ids=${Array.from({ length: 51 }, () => generateId()).join(',')}`,
      `ids=${report.caseId}&ids=${report.caseId}`,
      `ids=${report.caseId},%00`,
      `ids=${'x'.repeat(5000)}`,
      `ids=${report.caseId}&unknown=1`,
    ]) {
      requests.push(['GET', `/api/cases/bodies${query === '' ? '' : '?'}${query}`]);
    }
    for (const query of [
      'limit=0',
      'limit=abc',
      'limit=99999',
      'limit=-1',
      'cursor=!!!',
      `cursor=${'A'.repeat(201)}`,
      `cursor=${Buffer.from('not json').toString('base64url')}`,
      `cursor=${Buffer.from('{"at":1,"id":2}').toString('base64url')}`,
      `cursor=${Buffer.from('{"at":"never","id":"x"}').toString('base64url')}`,
      // Well formed, impossible: PostgreSQL would refuse these dates with an error (a 500).
      ...['2026-02-31T00:00:00.000000Z', '2026-13-01T00:00:00.000000Z', '1999-12-31T23:59:60.000000Z'].map(
        (at) =>
          `cursor=${Buffer.from(JSON.stringify({ at, id: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`,
      ),
      'unknown=1',
      'limit=1&limit=2',
    ]) {
      requests.push(['GET', `/api/cases?${query}`]);
    }
    const offenders: string[] = [];
    for (const [method, path] of requests) {
      const res = await ana.agent.request(method as 'GET', path, method === 'GET' ? {} : { json: {} });
      const problem = errorShapeProblem(res);
      if (problem !== null)
        offenders.push(`${method} ${path.slice(0, 80)}: ${problem} ${res.text.slice(0, 120)}`);
    }
    expect(offenders).toEqual([]);
  });

  // Regression (fixed in 71b6c15): Fastify's router refuses a parameter over 100 characters
  // (FST_ERR_MAX_PARAM_LENGTH) or a badly percent-encoded URL (FST_ERR_BAD_URL) before any
  // route runs, and answers in its own shape {"error":"Bad Request","code":"FST_...",
  // "message","statusCode"} instead of ours (Fastify's `frameworkErrors` option is unset).
  it('answers an over-long or badly encoded URL parameter in the error shape', async () => {
    const offenders: string[] = [];
    for (const path of [
      `/api/cases/${'x'.repeat(5000)}`,
      `/api/attachments/${'x'.repeat(101)}`,
      `/api/teams/${'x'.repeat(200)}`,
      '/api/cases/%F0%28',
      '/api/teams/%E0%A4%A',
    ]) {
      const res = await ana.agent.get(path);
      const problem = errorShapeProblem(res);
      if (problem !== null) offenders.push(`GET ${path.slice(0, 40)}: ${problem} ${res.text.slice(0, 100)}`);
    }
    expect(offenders).toEqual([]);
  });

  // Regression (fixed in 71b6c15): decodeCursor accepts any 36 characters of [0-9a-f-] as an id and any date
  // Date.parse understands; PostgreSQL then fails on the uuid cast or the timestamp range.
  it('answers a forged page cursor with a 400, not a 500', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const forged of [
      { at: '2026-01-01T00:00:00Z', id: '-'.repeat(36) },
      { at: '2026-01-01T00:00:00Z', id: 'f'.repeat(36) },
      { at: '-271821-04-20T00:00:00Z', id: generateId() },
    ]) {
      expectError(await ana.agent.get(`/api/cases?cursor=${cursor(forged)}`), 400);
    }
  });
});

describe('the CSRF header', () => {
  it('is required on every state-changing request: 403 without it, and nothing changes', async () => {
    const requests: [string, string, unknown][] = [
      ['POST', '/api/setup', setupBody],
      ['POST', '/api/session/params', { team: team.slug, name: 'Ana' }],
      ['POST', '/api/session', { team: team.slug, name: 'Ana', auth: team.admin.credentials.auth }],
      ['DELETE', '/api/session', undefined],
      ['POST', '/api/invitations/lookup', { token: 'x'.repeat(43) }],
      ['POST', '/api/invitations/accept', { token: 'x'.repeat(43), member: invitee.credentials }],
      ['POST', `/api/teams/${team.slug}/invitations`, { role: 'member' }],
      ['POST', `/api/teams/${team.slug}/roster`, { row: strangerRow }],
      ['PUT', `/api/teams/${team.slug}/index-key`, issueBody],
      ['DELETE', `/api/teams/${team.slug}/members/${generateId()}`, undefined],
      ['POST', '/api/reports', freshReport.submission],
      ['POST', '/api/receipt/session', { lookup: toBase64Url(reporter.keys.lookup) }],
      ['POST', '/api/receipt/items', reporterItem.item],
      ['POST', '/api/receipt/withdraw', undefined],
      ['POST', `/api/cases/${report.caseId}/items`, memberItem.item],
      ['PATCH', `/api/cases/${report.caseId}`, { status: 'closed' }],
      ['POST', '/api/regrants', { member: ben.identity.id, grants: [] }],
    ];
    const invitationsBefore = await t.db.selectFrom('invitations').select('id').execute();
    for (const [method, path, body] of requests) {
      for (const header of [undefined, 'XMLHttpRequest', 'Confide']) {
        for (const agent of [ana.agent, reporterBrowser]) {
          const res = await agent.request(method as 'POST', path, {
            ...(body === undefined ? {} : { json: body }),
            csrf: false,
            ...(header === undefined ? {} : { headers: { 'x-requested-with': header } }),
          });
          expect(res.status, `${method} ${path} with ${String(header)}`).toBe(403);
          expectError(res, 403, 'missing_csrf_header');
        }
      }
    }
    const attachment = await injectAgent(t.app).request('POST', '/api/attachments', {
      body: new Uint8Array(100),
      contentType: 'application/octet-stream',
      csrf: false,
    });
    expectError(attachment, 403, 'missing_csrf_header');

    // Nothing happened: still signed in, the case still open, no invitation made, no withdrawal.
    const view = await openCase(ana, report.caseId);
    expect(view.raw.status).toBe('received');
    expect(view.items).toEqual([]);
    expect(await t.db.selectFrom('invitations').select('id').execute()).toEqual(invitationsBefore);
    expect((await readReceiptCase(reporterBrowser, reporter)).raw.status).toBe('received');
  });
});

describe('signatures', () => {
  it('refuses a report whose signature does not verify with a 400', async () => {
    const prepared = await prepareReport(injectAgent(t.app), team.slug);
    const other = await prepareReport(injectAgent(t.app), team.slug);
    const sig = fromBase64Url(prepared.submission.sig);
    sig[10] = (sig[10] ?? 0) ^ 1;
    const forgeries = [
      { ...prepared.submission, sig: toBase64Url(sig) },
      // Another reporter's valid signature over another report.
      { ...prepared.submission, sig: other.submission.sig },
      // The right signature, but the payload swapped for another (validly encrypted) one.
      { ...prepared.submission, payload: other.submission.payload },
      // Signed by someone else: their key in place of the reporter's.
      {
        ...prepared.submission,
        reporter: { ...prepared.submission.reporter, sign_pk: other.submission.reporter.sign_pk },
      },
      // Signed for another id.
      { ...other.submission, id: prepared.submission.id },
    ];
    for (const forged of forgeries) {
      expectError(await postReport(injectAgent(t.app), forged), 400, 'bad_signature');
    }
    expect(
      await t.db.selectFrom('cases').select('id').where('id', '=', prepared.submission.id).execute(),
    ).toEqual([]);
  });

  it("refuses a member's item whose signature does not verify with a 400", async () => {
    const other = await prepareMemberItem(ana, anaView, { kind: 'message', text: 'another' });
    const bySomeoneElse = await prepareMemberItem(ben.session, anaView, { kind: 'message', text: 'by Ben' });
    const sig = fromBase64Url(memberItem.item.sig);
    sig[0] = (sig[0] ?? 0) ^ 0x80;
    for (const forged of [
      { ...memberItem.item, sig: toBase64Url(sig) },
      { ...memberItem.item, sig: other.item.sig },
      { ...memberItem.item, payload: other.item.payload },
      // Ben's signature on an item that Ana sends as hers.
      { ...bySomeoneElse.item, author: ana.member.id },
    ]) {
      expectError(await ana.agent.post(`/api/cases/${report.caseId}/items`, forged), 400, 'bad_signature');
    }
    // Ben's item, sent by Ana as Ben's.
    expectError(
      await ana.agent.post(`/api/cases/${report.caseId}/items`, bySomeoneElse.item),
      400,
      'wrong_author',
    );
  });

  it("refuses a reporter's item whose signature does not verify with a 400", async () => {
    const sig = fromBase64Url(reporterItem.item.sig);
    sig[63] = (sig[63] ?? 0) ^ 1;
    expectError(
      await reporterBrowser.post('/api/receipt/items', { ...reporterItem.item, sig: toBase64Url(sig) }),
      400,
    );
    // A member's valid signature does not make an item the reporter's.
    expectError(
      await reporterBrowser.post('/api/receipt/items', { ...memberItem.item, author: 'reporter' }),
      400,
      'bad_signature',
    );
  });
});

describe('the roster', () => {
  it('refuses a tampered roster entry with a 400', async () => {
    const head = (await fetchTeam(ana.agent, team.slug)).detail.roster.at(-1);
    if (head === undefined) throw new Error('empty roster');
    const row = await signRosterEntryFor(ana, 'add', rosterMemberOf(invitee, 'member'));
    const tampered: RosterRow[] = [
      { ...row, entry: { ...row.entry, member: { ...row.entry.member, name: 'Mallory' } } },
      { ...row, entry: { ...row.entry, member: { ...row.entry.member, role: 'admin' } } },
      {
        ...row,
        entry: { ...row.entry, member: { ...row.entry.member, enc_pk: toBase64Url(randomBytes(32)) } },
      },
      { ...row, hash: toBase64Url(randomBytes(32)) },
      { ...row, entry: { ...row.entry, at: '2020-01-01T00:00:00Z' } },
      { ...row, entry: { ...row.entry, team: generateId() } },
      // Honestly signed, but chained to the wrong previous entry.
      signedRosterChange({
        previous: { ...head, hash: toBase64Url(randomBytes(32)) },
        op: 'add',
        member: rosterMemberOf(invitee, 'member'),
        admin: { id: ana.member.id, keys: ana.keys },
      }),
      // A second genesis.
      { ...row, entry: { ...row.entry, op: 'genesis' } },
    ];
    for (const bad of tampered) {
      const res = await postRosterEntry(ana, bad, indexKeyGrantFor(ana, invitee.credentials));
      expect(res.status, res.text).toBe(400);
      expect(errorShapeProblem(res)).toBeNull();
    }
    const roster = await t.db
      .selectFrom('roster_entries')
      .select('seq')
      .where('team_id', '=', team.id)
      .execute();
    expect(roster).toHaveLength(2);
  });

  it('refuses an entry that is not signed by the admin who sends it (400 or 403)', async () => {
    const i = await invite(ana);
    const cai = await acceptInvitation(injectAgent(t.app), i.token, { name: 'Cai' });
    const head = (await fetchTeam(ana.agent, team.slug)).detail.roster.at(-1);
    if (head === undefined) throw new Error('empty roster');
    // A plain member cannot append at all.
    const byBen = signedRosterChange({
      previous: head,
      op: 'add',
      member: rosterMemberOf(cai, 'member'),
      admin: { id: ben.identity.id, keys: ben.identity.keys },
    });
    const grant = indexKeyGrantFor(ana, cai.credentials);
    expectError(await postRosterEntry(ben.session, byBen, grant), 403);
    // An admin relaying an entry that the member signed.
    expectError(await postRosterEntry(ana, byBen, grant), 403);
    // An entry that names the admin as signer but carries the member's signature.
    const forged = signedRosterChange({
      previous: head,
      op: 'add',
      member: rosterMemberOf(cai, 'member'),
      admin: { id: ana.member.id, keys: ben.identity.keys },
    });
    expectError(await postRosterEntry(ana, forged, grant), 400);
    const pending = await t.db
      .selectFrom('members')
      .select('status')
      .where('id', '=', cai.id)
      .executeTakeFirstOrThrow();
    expect(pending.status).toBe('pending');
  });
});

describe('duplicates', () => {
  it('refuses a second report with the same id with a 409', async () => {
    const again = await prepareReport(injectAgent(t.app), team.slug, { id: report.caseId });
    expectError(await postReport(injectAgent(t.app), again.submission), 409);
    // The same receipt for a second report is refused as well.
    const sameReceipt = await prepareReport(injectAgent(t.app), team.slug, { reporter });
    expectError(await postReport(injectAgent(t.app), sameReceipt.submission), 409);
  });

  it('answers the same report sent several times at once with one 201 and 409s', async () => {
    const prepared = await prepareReport(injectAgent(t.app), team.slug);
    const replies = await Promise.all(
      Array.from({ length: 4 }, () => postReport(injectAgent(t.app), prepared.submission)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of replies.filter((x) => x.status !== 201)) expect(errorShapeProblem(r)).toBeNull();
  });

  it('refuses a second item with the same id with a 409', async () => {
    const note = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'first' });
    expectReply(await ana.agent.post(`/api/cases/${report.caseId}/items`, note.item), 201, 'first item');
    expectError(await ana.agent.post(`/api/cases/${report.caseId}/items`, note.item), 409);
  });

  // Regression (fixed in 71b6c15): addItem reads for a clash and then inserts; two requests that both pass the
  // read collide on the primary key and one of them gets a 500.
  it('answers the same item sent several times at once with one 201 and 409s', async () => {
    const note = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'sent twice at once' });
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => ana.agent.post(`/api/cases/${report.caseId}/items`, note.item)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  // Regression (fixed in 71b6c15): an item id equal to an existing case id passes the item clash check (items
  // only) and collides with the case's grants on (object_id, recipient): 500.
  it('refuses an item whose id is already the id of a case with a 4xx', async () => {
    const clash = await prepareMemberItem(ana, anaView, {
      kind: 'note',
      text: 'id clash',
      id: report.caseId,
    });
    const res = await ana.agent.post(`/api/cases/${report.caseId}/items`, clash.item);
    expect(errorShapeProblem(res), res.text).toBeNull();
  });

  it('refuses a report whose id is already the id of an item with a 409', async () => {
    const note = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'its id is reused' });
    expectReply(await ana.agent.post(`/api/cases/${report.caseId}/items`, note.item), 201, 'item');
    const clash = await prepareReport(injectAgent(t.app), team.slug, { id: note.item.id });
    expectError(await postReport(injectAgent(t.app), clash.submission), 409);
  });
});

describe('attachments', () => {
  const limit = 1024 * 1024;

  it('refuses a file over MAX_ATTACHMENT_MB with a 413, and one of no announced size with a 411', async () => {
    const agent = injectAgent(t.app);
    const over = new Uint8Array(limit + 1);
    expectError(
      await agent.request('POST', '/api/attachments', {
        body: over,
        contentType: 'application/octet-stream',
      }),
      413,
    );
    // Streamed without a Content-Length (over a real socket): refused before it arrives, as its
    // size could not be counted against the quotas.
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const streamed = await fetch(`http://127.0.0.1:${address.port}/api/attachments`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-requested-with': 'confide' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024 + 1));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(411);
    expect(await streamed.json()).toMatchObject({ error: { code: 'length_required' } });
    // The refused upload leaves its socket half-read; do not let it hold up the app's close.
    t.app.server.closeAllConnections();
    // Exactly at the limit is fine.
    expectReply(
      await agent.request('POST', '/api/attachments', {
        body: new Uint8Array(limit),
        contentType: 'application/octet-stream',
      }),
      201,
      'a file of exactly the limit',
    );
    const sizes = await t.db.selectFrom('attachments').select('size').execute();
    expect(sizes.every((row) => row.size <= limit)).toBe(true);
  });

  it('refuses a wrong content type with a 415', async () => {
    const agent = injectAgent(t.app);
    for (const contentType of [
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'image/png',
      'application/x-www-form-urlencoded',
    ]) {
      const res = await agent.request('POST', '/api/attachments', {
        body: contentType === 'application/json' ? '{"a":1}' : 'x'.repeat(100),
        contentType,
      });
      expectError(res, 415);
    }
    expectError(await agent.request('POST', '/api/attachments', { body: new Uint8Array(100) }), 415);
  });

  it('refuses something too short to be an encrypted file with a 400', async () => {
    const res = await injectAgent(t.app).request('POST', '/api/attachments', {
      body: new Uint8Array(40),
      contentType: 'application/octet-stream',
    });
    expectError(res, 400, 'attachment_malformed');
  });

  it('refuses an attachment id that is already bound, or unknown, with a 400', async () => {
    const agent = injectAgent(t.app);
    const [bound] = report.attachments;
    if (bound === undefined) throw new Error('no attachment');
    const prepared = await prepareReport(agent, team.slug);
    expectError(
      await postReport(agent, { ...prepared.submission, attachments: [bound.id] }),
      400,
      'attachment_unknown',
    );
    expectError(
      await postReport(agent, { ...prepared.submission, attachments: [generateId()] }),
      400,
      'attachment_unknown',
    );
    // Refused whole: the report was not stored either.
    expect(
      await t.db.selectFrom('cases').select('id').where('id', '=', prepared.submission.id).execute(),
    ).toEqual([]);
    // Nor can an item take a file that a report already holds.
    const note = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'with a stolen file' });
    expectError(
      await ana.agent.post(`/api/cases/${report.caseId}/items`, { ...note.item, attachments: [bound.id] }),
      400,
      'attachment_unknown',
    );
    // And a file bound to one item cannot be bound to another.
    const file = await uploadAttachment(agent, { name: 'b', type: 'text/plain', bytes: new Uint8Array(3) });
    const first = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'first holder' });
    expectReply(
      await ana.agent.post(`/api/cases/${report.caseId}/items`, { ...first.item, attachments: [file.id] }),
      201,
      'first binding',
    );
    const second = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'second holder' });
    expectError(
      await ana.agent.post(`/api/cases/${report.caseId}/items`, { ...second.item, attachments: [file.id] }),
      400,
      'attachment_unknown',
    );
  });
});

describe('values the schema lets through', () => {
  // Regression (fixed in 71b6c15): the strict base64url decoder of the crypto module throws on an `auth` whose
  // unused trailing bits are not zero; nothing catches it, so a sign-in attempt gets a 500.
  it('treats an auth value with non-zero trailing bits as a failed sign-in, not a 500', async () => {
    const res = await injectAgent(t.app).post('/api/session', {
      team: team.slug,
      name: 'Ana',
      auth: `${'A'.repeat(42)}B`,
    });
    expect(errorShapeProblem(res), res.text).toBeNull();
  });

  // Regression (fixed in 71b6c15): same decoder, when a new member's credentials are stored (setup, joining).
  it('refuses credentials whose auth has non-zero trailing bits with a 400, not a 500', async () => {
    const i = await invite(ana);
    const someone = enrolIdentity({ team: team.id, name: 'Trailing' });
    const res = await injectAgent(t.app).post('/api/invitations/accept', {
      token: i.token,
      member: { ...someone.credentials, auth: `${someone.credentials.auth.slice(0, 42)}B` },
    });
    expect(errorShapeProblem(res), res.text).toBeNull();
  });

  // Regression (fixed in efc4883): PostgreSQL text cannot hold U+0000; names and team fields reach it unchecked.
  it('refuses a NUL character in names and team fields with a 4xx, not a 500', async () => {
    const agent = injectAgent(t.app);
    const offenders: string[] = [];
    const check = (label: string, res: ApiResponse): void => {
      if (errorShapeProblem(res) !== null) offenders.push(`${label}: ${res.status}`);
    };
    check('session params', await agent.post('/api/session/params', { team: team.slug, name: 'A\u0000na' }));
    check(
      'session',
      await agent.post('/api/session', {
        team: team.slug,
        name: 'A\u0000na',
        auth: team.admin.credentials.auth,
      }),
    );
    const i = await invite(ana);
    const nul = enrolIdentity({ team: team.id, name: 'Nul\u0000Name' });
    check(
      'invitation accept',
      await agent.post('/api/invitations/accept', { token: i.token, member: nul.credentials }),
    );
    const local = foundTeamLocally({ name: 'Bad\u0000Team' });
    check('setup', await agent.post('/api/setup', setupRequestBody(await newSetupToken(t.db), local)));
    expect(offenders).toEqual([]);
  });

  // Regression (fixed in efc4883): the Time pattern only checked digits; new Date('2026-99-99T99:99:99Z') is
  // Invalid Date, which PostgreSQL refuses: 500.
  it('refuses an impossible check-in date with a 400, not a 500', async () => {
    expectError(await patchCase(ana, report.caseId, { check_in_by: '2026-99-99T99:99:99Z' }), 400);
  });

  it('refuses a reporter item that claims a member as author with a 400', async () => {
    expectError(
      await reporterBrowser.post('/api/receipt/items', { ...reporterItem.item, author: ana.member.id }),
      400,
      'wrong_author',
    );
  });

  // Regression (fixed in 71b6c15; docs/protocol.md 10.4, rule 3): the receipt route
  // only checks that kind and audience agree, so a reporter can file an internal note.
  it('refuses a reporter item that is not a message with a 400', async () => {
    for (const kind of ['note', 'record'] as const) {
      const item = await prepareReporterItem(reporterBrowser, reporter, receiptView, {
        kind,
        text: 'not a message',
      });
      const teamOnly = {
        ...item.item,
        audience: 'team',
        grants: item.item.grants.filter((g) => g.to !== 'reporter'),
      };
      expectError(await reporterBrowser.post('/api/receipt/items', teamOnly), 400);
    }
  });

  it('refuses a message that is not addressed to the reporter, and a note that is', async () => {
    const message = await prepareMemberItem(ana, anaView, { kind: 'message', text: 'kept in' });
    expectError(
      await ana.agent.post(`/api/cases/${report.caseId}/items`, {
        ...message.item,
        audience: 'team',
        grants: message.item.grants.filter((g) => g.to !== 'reporter'),
      }),
      400,
      'bad_audience',
    );
    const note = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'let out' });
    expectError(
      await ana.agent.post(`/api/cases/${report.caseId}/items`, { ...note.item, audience: 'reporter' }),
      400,
      'bad_audience',
    );
  });

  it('refuses an item for another case than the one in the path with a 400', async () => {
    const other = await submitReport(injectAgent(t.app), team.slug);
    expectError(await ana.agent.post(`/api/cases/${other.caseId}/items`, memberItem.item), 400, 'wrong_case');
  });
});
