/**
 * A Node-side client of the Confide protocol for tests: it speaks to the real HTTP API (through
 * `app.inject` or a real URL with fetch) and does every piece of cryptography a browser would
 * do, with the project's crypto module. It shares no code with the server: requests and
 * replies are plain JSON typed here, from docs/protocol.md.
 *
 * The only server imports are the two ways of creating a team without a browser that the
 * deployment itself offers (the `createTeam` service the command line uses, and
 * `createSetupLink` for a set-up token), and the database type for `dumpEverything`.
 *
 * Costs: every passphrase or receipt derivation is an Argon2id run. Where a passphrase is
 * typed, tests use the protocol minimum (ops 2, 64 MiB, `cheapKdf()`). Identities enrolled
 * without a passphrase, `signInFast` and `reporterWithoutReceipt` skip the derivation where a
 * test is not about it (the server sees the same kind of values). Receipts always cost ops 2 /
 * 64 MiB, so `newReporter` is for tests about receipts.
 */
import { sql, type Kysely } from 'kysely';
import {
  boxPublicKeyFromBase64,
  buildRosterEntry,
  checkKdfParams,
  decryptFile,
  deriveMemberSecrets,
  deriveReceiptKeys,
  encryptFile,
  enrolMember,
  fileKeyFromBase64,
  formatProtocolTime,
  foundTeam,
  generateFileKey,
  generateId,
  generateIndexKey,
  generateMemberKeys,
  generateReceipt,
  grantKey,
  hashLookup,
  keyToBase64,
  lookupToken,
  openReport,
  randomBytes,
  ready,
  recipientsFromRoster,
  rosterMember,
  sealItem,
  sealReport,
  signedRosterChange,
  signPublicKeyFromBase64,
  signRosterEntry,
  toBase64Url,
  toHex,
  unwrapIndexKey,
  unwrapMemberKeys,
  unwrapReportKey,
  verifyAndOpenItem,
  verifyReportSignature,
  verifyRoster,
  wrapIndexKey,
  wrapMemberKeys,
  type AttachmentRef,
  type Enrolment,
  type Envelope,
  type IndexKey,
  type ItemAudience,
  type ItemBody,
  type ItemKind,
  type KdfParams,
  type KeyEncryptionKey,
  type LookupKey,
  type MemberCredentialsWire,
  type MemberKeys,
  type MemberRole,
  type ReceiptKeys,
  type Recipient,
  type ReportBody,
  type ReportKey,
  type ReportSubmission,
  type RosterMember,
  type RosterRow,
  type SignPublicKey,
  type VerifiedRoster,
} from '../../crypto/index.js';
import type { DB } from '../../server/db/schema.js';
import { createTeam } from '../../server/services/teams.js';
import { createSetupLink } from '../../server/services/setup-link.js';

// ---------------------------------------------------------------------------
// Transport: app.inject or fetch
// ---------------------------------------------------------------------------

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path and query, starting with "/". */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The client address the server sees (inject only; a real socket has its own). */
  remoteAddress?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Every Set-Cookie header, raw. */
  setCookies: string[];
  body: Buffer;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/** What `transportFor` needs of a Fastify app: its `inject`. */
export interface Injectable {
  inject(options: {
    method: HttpMethod;
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
    remoteAddress?: string;
  }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | number | undefined>;
    rawPayload: Buffer;
  }>;
}

/** Requests through `app.inject` (no socket; `remoteAddress` decides the client address). */
export function injectTransport(app: Injectable): Transport {
  return {
    async send(request) {
      const res = await app.inject({
        method: request.method,
        url: request.path,
        headers: request.headers,
        ...(request.body === undefined
          ? {}
          : { payload: typeof request.body === 'string' ? request.body : Buffer.from(request.body) }),
        ...(request.remoteAddress === undefined ? {} : { remoteAddress: request.remoteAddress }),
      });
      const headers: HttpResponse['headers'] = {};
      for (const [name, value] of Object.entries(res.headers)) {
        headers[name.toLowerCase()] = typeof value === 'number' ? String(value) : value;
      }
      const setCookie = headers['set-cookie'];
      const setCookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
      return { status: res.statusCode, headers, setCookies, body: res.rawPayload };
    },
  };
}

/**
 * Requests over real HTTP to `baseUrl` (e.g. from startAppServer). With `timeoutMs`, a request
 * still unanswered after that long is aborted (a TimeoutError) instead of waiting forever.
 */
export function fetchTransport(baseUrl: string, options: { timeoutMs?: number } = {}): Transport {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async send(request) {
      const res = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) }),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const headers: HttpResponse['headers'] = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return {
        status: res.status,
        headers,
        setCookies: res.headers.getSetCookie(),
        body: Buffer.from(await res.arrayBuffer()),
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Agent: one browser (its own cookie jar) on a transport
// ---------------------------------------------------------------------------

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the reply type
  json<T = unknown>(): T;
}

export interface RequestOptions {
  /** A JSON body (sent as application/json). */
  json?: unknown;
  /** A raw body; `contentType` says what it is (none by default). */
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** Send `X-Requested-With: confide` (default: on for POST/PATCH/PUT/DELETE). */
  csrf?: boolean;
  remoteAddress?: string;
}

export interface AgentOptions {
  /** The address the server sees for this browser (inject transports only). */
  remoteAddress?: string;
  /** Headers sent with every request (e.g. an X-Forwarded-For a proxy would add). */
  headers?: Record<string, string>;
}

const MUTATING = new Set<HttpMethod>(['POST', 'PATCH', 'PUT', 'DELETE']);

/** One browser: a cookie jar and default headers over a transport. */
export class Agent {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly transport: Transport,
    readonly options: AgentOptions = {},
  ) {}

  /** Another browser on the same server: no cookies, the same options unless given. */
  fresh(options: AgentOptions = this.options): Agent {
    return new Agent(this.transport, options);
  }

  async request(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...this.options.headers };
    if (options.csrf ?? MUTATING.has(method)) headers['x-requested-with'] = 'confide';
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.body !== undefined) {
      body = options.body;
    }
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    Object.assign(headers, options.headers);
    const remoteAddress = options.remoteAddress ?? this.options.remoteAddress;
    const res = await this.transport.send({
      method,
      path,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(remoteAddress === undefined ? {} : { remoteAddress }),
    });
    this.#storeCookies(res.setCookies);
    const text = res.body.toString('utf8');
    return {
      status: res.status,
      headers: res.headers,
      body: res.body,
      text,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as above
      json<T>() {
        return JSON.parse(text) as T;
      },
    };
  }

  get(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('GET', path, options);
  }
  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('POST', path, json === undefined ? options : { ...options, json });
  }
  patch(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('PATCH', path, json === undefined ? options : { ...options, json });
  }
  delete(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('DELETE', path, options);
  }

  #storeCookies(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', v = ''] = a.split('=');
        const k = key.trim().toLowerCase();
        return (k === 'expires' && Date.parse(v) <= Date.now()) || (k === 'max-age' && Number(v) <= 0);
      });
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** An agent over `app.inject`. */
export function injectAgent(app: Injectable, options: AgentOptions = {}): Agent {
  return new Agent(injectTransport(app), options);
}

/** A reply with an unexpected status: the message carries the body, so a failing test says why. */
export class UnexpectedReply extends Error {
  constructor(
    readonly response: ApiResponse,
    expected: readonly number[],
    what: string,
  ) {
    super(
      `${what}: expected ${expected.join(' or ')}, got ${response.status}: ${response.text.slice(0, 500)}`,
    );
    this.name = 'UnexpectedReply';
  }
}

/** Returns the parsed body when the status is one of `expected`, otherwise throws UnexpectedReply. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the reply type
export function expectReply<T>(res: ApiResponse, expected: number | readonly number[], what: string): T {
  const list = typeof expected === 'number' ? [expected] : expected;
  if (!list.includes(res.status)) throw new UnexpectedReply(res, list, what);
  return (res.text === '' ? undefined : res.json<T>()) as T;
}

// ---------------------------------------------------------------------------
// Wire types, as docs/protocol.md describes them (not imported from the server)
// ---------------------------------------------------------------------------

export interface ErrorJson {
  error: { code: string; message: string; roster_seq?: number };
}

export interface TeamDetailJson {
  id: string;
  slug: string;
  name: string;
  description: string;
  fingerprint: string;
  roster: RosterRow[];
}

export interface SessionJson {
  member: { id: string; name: string; role: MemberRole };
  keys: Envelope;
  kdf: KdfParams;
  team: { id: string; slug: string; name: string };
  index_key_grant: string | null;
}

export interface ItemJson {
  id: string;
  case: string;
  kind: ItemKind;
  author: string;
  audience: ItemAudience;
  payload: Envelope;
  attachments: string[];
  sig: string;
  created_at: string;
  grant: string;
}

export type CaseStatus =
  'received' | 'acknowledged' | 'investigating' | 'awaiting_reporter' | 'referred' | 'closed' | 'withdrawn';

export interface CaseSummaryJson {
  id: string;
  status: CaseStatus;
  urgent: boolean;
  created_at: string;
  check_in_by: string | null;
  assignee: string | null;
  excluded: string[];
  payload: Envelope;
  grant: string;
}

export interface CaseListJson {
  cases: CaseSummaryJson[];
  next: string | null;
}

export interface CaseDetailJson extends CaseSummaryJson {
  team: string;
  roster_seq: number;
  attachments: string[];
  items: ItemJson[];
  reporter: { box_pk: string; sign_pk: string };
  sig: string;
}

export interface ReceiptCaseJson {
  id: string;
  team: string;
  team_slug: string;
  status: CaseStatus;
  check_in_by: string | null;
  created_at: string;
  excluded: string[];
  payload: Envelope;
  grant: string;
  sig: string;
  items: ItemJson[];
}

export interface MemberViewJson {
  id: string;
  name: string;
  role: MemberRole;
  status: 'pending' | 'active' | 'removed';
  enc_pk: string;
  sign_pk: string;
  created_at: string;
  open_cases: number;
}

export interface AuditEventJson {
  id: number;
  member: string | null;
  case: string | null;
  action: string;
  details: Record<string, unknown>;
  at: string;
}

/** The fields added to the report body so a reader can authenticate what the server serves. */
export interface ReportBodyExtensions {
  readonly reporter_keys: { readonly box_pk: string; readonly sign_pk: string };
  readonly excluded: readonly string[];
  readonly team_fingerprint: string;
  readonly roster_head: { readonly seq: number; readonly hash: string };
}

export type FullReportBody = ReportBody & Partial<ReportBodyExtensions>;

// ---------------------------------------------------------------------------
// Member identities and teams
// ---------------------------------------------------------------------------

/** The protocol's minimum Argon2id cost (ops 2, 64 MiB) with a fresh salt: for tests. */
export function cheapKdf(): KdfParams {
  return { alg: 'argon2id13', ops: 2, mem: 64 * 1024 * 1024, salt: toBase64Url(randomBytes(16)) };
}

/** Everything a member's device knows about them, secrets included. */
export interface MemberIdentity {
  readonly id: string;
  readonly team: string;
  readonly name: string;
  /**
   * The passphrase, or null for an identity enrolled without one (no Argon2id run; the server
   * gets the same kind of credentials, but only `signInFast` can sign in with them).
   */
  readonly passphrase: string | null;
  /** The recovery code shown once, or null when enrolled without a passphrase. */
  readonly recoveryCode: string | null;
  readonly keys: MemberKeys;
  /** What the server received (public keys, KDF parameters, auth, wrapped key bundles). */
  readonly credentials: MemberCredentialsWire;
}

export function randomPassphrase(): string {
  return `test passphrase ${toBase64Url(randomBytes(12))}`;
}

function identityFrom(enrolment: Enrolment, team: string, passphrase: string): MemberIdentity {
  return {
    id: enrolment.credentials.id,
    team,
    name: enrolment.credentials.name,
    passphrase,
    recoveryCode: enrolment.recoveryCode,
    keys: enrolment.keys,
    credentials: enrolment.credentials,
  };
}

/**
 * Credentials shaped exactly like enrolMember's, made without Argon2id: `auth` and both key
 * encryption keys are random, so no passphrase or recovery code opens them. For the many
 * identities whose passphrase no test ever types.
 */
function enrolWithoutPassphrase(team: string, name: string): MemberIdentity {
  const id = generateId();
  const keys = generateMemberKeys();
  const context = { team, memberId: id };
  const randomKek = () => randomBytes(32) as KeyEncryptionKey;
  return {
    id,
    team,
    name,
    passphrase: null,
    recoveryCode: null,
    keys,
    credentials: {
      id,
      name,
      enc_pk: keyToBase64(keys.enc.publicKey),
      sign_pk: keyToBase64(keys.sign.publicKey),
      kdf: cheapKdf(),
      auth: toBase64Url(randomBytes(32)),
      keys: wrapMemberKeys(keys, randomKek(), context),
      recovery: { kdf: cheapKdf(), keys: wrapMemberKeys(keys, randomKek(), context) },
    },
  };
}

/**
 * A new member's device: keys and credentials. With a passphrase, the real enrolment
 * (enrolMember, Argon2id at the protocol minimum for the passphrase and the recovery code);
 * without one, enrolWithoutPassphrase.
 */
export function enrolIdentity(options: {
  team: string;
  name: string;
  passphrase?: string;
  kdf?: KdfParams;
}): MemberIdentity {
  if (options.passphrase === undefined) return enrolWithoutPassphrase(options.team, options.name);
  const enrolment = enrolMember({
    team: options.team,
    name: options.name,
    passphrase: options.passphrase,
    kdf: options.kdf ?? cheapKdf(),
    recoveryKdf: cheapKdf(),
  });
  return identityFrom(enrolment, options.team, options.passphrase);
}

export interface TeamOptions {
  slug?: string;
  name?: string;
  description?: string;
  adminName?: string;
  /** The founder's passphrase; without one the founder is enrolled without Argon2id. */
  passphrase?: string;
  kdf?: KdfParams;
}

export interface CreatedTeam {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** Lowercase hex of the genesis hash. */
  readonly fingerprint: string;
  readonly admin: MemberIdentity;
  readonly indexKey: IndexKey;
  readonly genesis: RosterRow;
}

export function randomSlug(prefix = 'team'): string {
  return `${prefix}-${toHex(randomBytes(4))}`;
}

/** What the founding admin's device makes before the server hears of the team. */
export interface LocalTeam {
  readonly team: { id: string; slug: string; name: string; description: string };
  readonly admin: MemberIdentity;
  readonly genesis: RosterRow;
  readonly indexKey: IndexKey;
  /** crypto_box_seal(index_key, admin enc_pk), base64url. */
  readonly indexKeyGrant: string;
}

/**
 * The founding admin's device makes the team: with a passphrase through the crypto module's
 * foundTeam (as the CLI and the browser do), otherwise the same genesis, index key and
 * credentials composed without Argon2id.
 */
export function foundTeamLocally(options: TeamOptions = {}): LocalTeam {
  const team = {
    id: generateId(),
    slug: options.slug ?? randomSlug(),
    name: options.name ?? 'Test Stewards',
    description: options.description ?? 'A team made by a test',
  };
  const adminName = options.adminName ?? 'Ana';
  if (options.passphrase !== undefined) {
    const founded = foundTeam({
      team: team.id,
      adminName,
      passphrase: options.passphrase,
      kdf: options.kdf ?? cheapKdf(),
      recoveryKdf: cheapKdf(),
    });
    return {
      team,
      admin: identityFrom(founded.admin, team.id, options.passphrase),
      genesis: founded.genesis,
      indexKey: founded.indexKey,
      indexKeyGrant: founded.indexKeyGrant,
    };
  }
  const admin = enrolWithoutPassphrase(team.id, adminName);
  const member = rosterMember({
    id: admin.id,
    name: adminName,
    role: 'admin',
    encPublicKey: admin.keys.enc.publicKey,
    signPublicKey: admin.keys.sign.publicKey,
  });
  const entry = buildRosterEntry(undefined, {
    team: team.id,
    at: formatProtocolTime(new Date()),
    op: 'genesis',
    member,
    by: member.id,
  });
  const indexKey = generateIndexKey();
  return {
    team,
    admin,
    genesis: signRosterEntry(entry, admin.keys.sign.secretKey),
    indexKey,
    indexKeyGrant: wrapIndexKey(indexKey, admin.keys.enc.publicKey),
  };
}

function createdTeam(local: LocalTeam, fingerprint: string): CreatedTeam {
  return {
    id: local.team.id,
    slug: local.team.slug,
    name: local.team.name,
    fingerprint,
    admin: local.admin,
    indexKey: local.indexKey,
    genesis: local.genesis,
  };
}

/** Creates a team the way the command line does: the createTeam service, straight into the database. */
export async function createTeamWithService(db: Kysely<DB>, options: TeamOptions = {}): Promise<CreatedTeam> {
  await ready();
  const local = foundTeamLocally(options);
  const { fingerprint } = await createTeam(db, {
    team: local.team,
    genesis: local.genesis,
    admin: local.admin.credentials,
    indexKeyGrant: local.indexKeyGrant,
  });
  return createdTeam(local, fingerprint);
}

/** A one-time set-up token, as the server prints it on first start (the URL fragment). */
export async function newSetupToken(
  db: Kysely<DB>,
  publicUrl = new URL('http://127.0.0.1:3000'),
): Promise<string> {
  const link = await createSetupLink(db, publicUrl, 24);
  return new URL(link).hash.slice(1);
}

/** The body of POST /api/setup for a team made on this device. */
export function setupRequestBody(token: string, local: LocalTeam) {
  return {
    token,
    team: local.team,
    genesis: local.genesis,
    admin: local.admin.credentials,
    index_key_grant: local.indexKeyGrant,
  };
}

/** Creates a team the way the browser does: POST /api/setup with a one-time token. */
export async function createTeamWithSetupLink(
  agent: Agent,
  token: string,
  options: TeamOptions = {},
): Promise<CreatedTeam> {
  await ready();
  const local = foundTeamLocally(options);
  const res = await agent.post('/api/setup', setupRequestBody(token, local));
  const reply = expectReply<{ team: string; slug: string; fingerprint: string }>(res, 201, 'POST /api/setup');
  if (reply.team !== local.team.id || reply.fingerprint !== verifyRoster([local.genesis]).fingerprint) {
    throw new Error('POST /api/setup answered for another team or fingerprint');
  }
  return createdTeam(local, reply.fingerprint);
}

// ---------------------------------------------------------------------------
// Public team information
// ---------------------------------------------------------------------------

export interface PublicTeam {
  readonly detail: TeamDetailJson;
  readonly roster: VerifiedRoster;
}

/** GET /api/teams/{slug}, with the roster verified from genesis and the fingerprint recomputed. */
export async function fetchTeam(
  agent: Agent,
  slug: string,
  expectedFingerprint?: string,
): Promise<PublicTeam> {
  const detail = expectReply<TeamDetailJson>(
    await agent.get(`/api/teams/${slug}`),
    200,
    'GET /api/teams/{slug}',
  );
  const roster = verifyRoster(detail.roster, {
    team: detail.id,
    ...(expectedFingerprint === undefined ? {} : { fingerprint: expectedFingerprint }),
  });
  if (roster.fingerprint !== detail.fingerprint) {
    throw new Error('the served fingerprint is not the genesis hash');
  }
  return { detail, roster };
}

// ---------------------------------------------------------------------------
// Member sessions
// ---------------------------------------------------------------------------

export interface MemberSession {
  readonly agent: Agent;
  readonly team: { readonly id: string; readonly slug: string };
  readonly member: { readonly id: string; readonly name: string; readonly role: MemberRole };
  readonly keys: MemberKeys;
  readonly indexKey: IndexKey | null;
}

/**
 * Signs in as a browser does: POST /api/session/params, Argon2id over the passphrase with
 * those parameters (refusing weak ones), POST /api/session with `auth`, then opens the key
 * bundle with `kek`, checks its keys against the verified roster, and opens the index key.
 */
export async function signIn(
  agent: Agent,
  slug: string,
  name: string,
  passphrase: string,
): Promise<MemberSession> {
  await ready();
  const params = expectReply<{ kdf: KdfParams }>(
    await agent.post('/api/session/params', { team: slug, name }),
    200,
    'POST /api/session/params',
  );
  checkKdfParams(params.kdf);
  const secrets = deriveMemberSecrets(passphrase, params.kdf);
  const reply = expectReply<SessionJson>(
    await agent.post('/api/session', { team: slug, name, auth: toBase64Url(secrets.auth) }),
    200,
    'POST /api/session',
  );
  const keys = unwrapMemberKeys(reply.keys, secrets.kek, { team: reply.team.id, memberId: reply.member.id });
  // The keys the bundle holds must be the member's keys in the verified roster.
  const listed = (await fetchTeam(agent, reply.team.slug)).roster.active.get(reply.member.id);
  if (
    listed === undefined ||
    keyToBase64(listed.encPublicKey) !== keyToBase64(keys.enc.publicKey) ||
    keyToBase64(listed.signPublicKey) !== keyToBase64(keys.sign.publicKey)
  ) {
    throw new Error('the key bundle does not hold the keys the roster lists for this member');
  }
  return sessionFrom(agent, reply, keys);
}

/**
 * Signs in with the `auth` and keys the identity already holds: the same POST /api/session,
 * without running Argon2id again. For tests that are not about signing in.
 */
export async function signInFast(
  agent: Agent,
  slug: string,
  identity: MemberIdentity,
): Promise<MemberSession> {
  const reply = expectReply<SessionJson>(
    await agent.post('/api/session', { team: slug, name: identity.name, auth: identity.credentials.auth }),
    200,
    'POST /api/session',
  );
  if (reply.member.id !== identity.id) throw new Error('signed in as someone else');
  return sessionFrom(agent, reply, identity.keys);
}

function sessionFrom(agent: Agent, reply: SessionJson, keys: MemberKeys): MemberSession {
  return {
    agent,
    team: { id: reply.team.id, slug: reply.team.slug },
    member: reply.member,
    keys,
    indexKey: reply.index_key_grant === null ? null : unwrapIndexKey(reply.index_key_grant, keys.enc),
  };
}

// ---------------------------------------------------------------------------
// Invitations and the roster
// ---------------------------------------------------------------------------

export async function invite(
  admin: MemberSession,
  role: MemberRole = 'member',
): Promise<{ id: string; token: string; expires_at: string }> {
  return expectReply(
    await admin.agent.post(`/api/teams/${admin.team.slug}/invitations`, { role }),
    201,
    'POST /api/teams/{slug}/invitations',
  );
}

/** The invitee's browser: looks the invitation up, makes keys, sends the credentials. */
export async function acceptInvitation(
  agent: Agent,
  token: string,
  options: { name: string; passphrase?: string; kdf?: KdfParams },
): Promise<MemberIdentity> {
  await ready();
  const lookup = expectReply<{ team: { id: string; slug: string } }>(
    await agent.post('/api/invitations/lookup', { token }),
    200,
    'POST /api/invitations/lookup',
  );
  const identity = enrolIdentity({ team: lookup.team.id, ...options });
  expectReply(
    await agent.post('/api/invitations/accept', { token, member: identity.credentials }),
    201,
    'POST /api/invitations/accept',
  );
  return identity;
}

export function rosterMemberOf(
  identity: Pick<MemberIdentity, 'id' | 'name' | 'credentials'>,
  role: MemberRole,
): RosterMember {
  return {
    id: identity.id,
    name: identity.name,
    role,
    enc_pk: identity.credentials.enc_pk,
    sign_pk: identity.credentials.sign_pk,
  };
}

/** The admin's browser signs the next roster entry on top of the verified roster. */
export async function signRosterEntryFor(
  admin: MemberSession,
  op: 'add' | 'remove' | 'role',
  member: RosterMember,
): Promise<RosterRow> {
  const { detail } = await fetchTeam(admin.agent, admin.team.slug);
  const previous = detail.roster[detail.roster.length - 1];
  if (previous === undefined) throw new Error('empty roster');
  return signedRosterChange({ previous, op, member, admin: { id: admin.member.id, keys: admin.keys } });
}

export async function postRosterEntry(
  admin: MemberSession,
  row: RosterRow,
  indexKeyGrant?: string,
): Promise<ApiResponse> {
  return admin.agent.post(`/api/teams/${admin.team.slug}/roster`, {
    row,
    ...(indexKeyGrant === undefined ? {} : { index_key_grant: indexKeyGrant }),
  });
}

/** The admin adds a pending member: a signed `add` entry and the index key sealed to them. */
export async function addMember(
  admin: MemberSession,
  identity: MemberIdentity,
  role: MemberRole = 'member',
): Promise<number> {
  if (admin.indexKey === null) throw new Error('the admin has no index key');
  const row = await signRosterEntryFor(admin, 'add', rosterMemberOf(identity, role));
  const grant = wrapIndexKey(admin.indexKey, boxPublicKeyFromBase64(identity.credentials.enc_pk));
  return expectReply<{ seq: number }>(
    await postRosterEntry(admin, row, grant),
    201,
    'POST /api/teams/{slug}/roster (add)',
  ).seq;
}

/** The admin removes an active member with a signed `remove` entry. */
export async function removeMember(admin: MemberSession, memberId: string): Promise<number> {
  const { roster } = await fetchTeam(admin.agent, admin.team.slug);
  const current = roster.active.get(memberId);
  if (current === undefined) throw new Error('not an active member');
  const row = await signRosterEntryFor(admin, 'remove', {
    id: current.id,
    name: current.name,
    role: current.role,
    enc_pk: keyToBase64(current.encPublicKey),
    sign_pk: keyToBase64(current.signPublicKey),
  });
  return expectReply<{ seq: number }>(
    await postRosterEntry(admin, row),
    201,
    'POST /api/teams/{slug}/roster (remove)',
  ).seq;
}

/**
 * Re-grants everything the admin can read that `memberId` cannot: GET /api/regrants, open each
 * key with the admin's key, seal it to the member's roster key, POST /api/regrants.
 */
export async function regrant(admin: MemberSession, memberId: string): Promise<number> {
  const { roster } = await fetchTeam(admin.agent, admin.team.slug);
  const target = roster.active.get(memberId);
  if (target === undefined) throw new Error('not an active member');
  const work = expectReply<{ objects: { object: string; case: string; grant: string }[] }>(
    await admin.agent.get(`/api/regrants?member=${memberId}`),
    200,
    'GET /api/regrants',
  );
  if (work.objects.length === 0) return 0;
  const grants = work.objects.map((o) => {
    const key = unwrapReportKey(o.grant, admin.keys.enc);
    const [grant] = grantKey(key, [{ id: memberId, boxPublicKey: target.encPublicKey }]);
    if (grant === undefined) throw new Error('no grant made');
    return { object: o.object, k: grant.k };
  });
  return expectReply<{ granted: number }>(
    await admin.agent.post('/api/regrants', { member: memberId, grants }),
    200,
    'POST /api/regrants',
  ).granted;
}

export interface JoinedMember {
  readonly identity: MemberIdentity;
  readonly session: MemberSession;
}

/**
 * The whole way onto a team: invitation, acceptance in a fresh browser, the admin's signed
 * `add` with the index key, re-grants of existing cases, and a (fast) sign-in.
 */
export async function joinTeam(
  admin: MemberSession,
  options: { name: string; role?: MemberRole; passphrase?: string; agent?: Agent; regrant?: boolean },
): Promise<JoinedMember> {
  const role = options.role ?? 'member';
  const invitation = await invite(admin, role);
  const agent = options.agent ?? admin.agent.fresh();
  const identity = await acceptInvitation(agent, invitation.token, {
    name: options.name,
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
  });
  await addMember(admin, identity, role);
  if (options.regrant ?? true) await regrant(admin, identity.id);
  const session = await signInFast(agent, admin.team.slug, identity);
  return { identity, session };
}

// ---------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------

export interface FileToAttach {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** Encrypts a file with a fresh key and uploads it: POST /api/attachments (octet-stream). */
export async function uploadAttachment(agent: Agent, file: FileToAttach): Promise<AttachmentRef> {
  const key = generateFileKey();
  const stored = encryptFile(file.bytes, key);
  const { id } = expectReply<{ id: string }>(
    await agent.request('POST', '/api/attachments', {
      body: stored,
      contentType: 'application/octet-stream',
    }),
    201,
    'POST /api/attachments',
  );
  return { id, name: file.name, type: file.type, size: file.bytes.length, key: keyToBase64(key) };
}

/** GET /api/attachments/{id}; decrypted with the key from the body it was listed in. */
export async function downloadAttachment(
  agent: Agent,
  ref: Pick<AttachmentRef, 'id' | 'key'>,
): Promise<Uint8Array> {
  const res = await agent.get(`/api/attachments/${ref.id}`);
  if (res.status !== 200) throw new UnexpectedReply(res, [200], 'GET /api/attachments/{id}');
  return decryptFile(new Uint8Array(res.body), fileKeyFromBase64(ref.key));
}

// ---------------------------------------------------------------------------
// Reporters
// ---------------------------------------------------------------------------

export interface ReporterIdentity {
  /** The receipt as shown to the reporter, or null for a reporter made without one. */
  readonly receipt: string | null;
  readonly keys: ReceiptKeys;
}

/** A real receipt and its keys (Argon2id, ops 2 / 64 MiB). */
export function newReporter(): ReporterIdentity {
  const receipt = generateReceipt();
  return { receipt, keys: deriveReceiptKeys(receipt) };
}

/**
 * A reporter whose keys are random instead of derived from a receipt: on the wire exactly like
 * one (box_pk, sign_pk, lookup_hash; `lookup` still opens a receipt session), without the
 * Argon2id run. For tests that are not about receipts.
 */
export function reporterWithoutReceipt(): ReporterIdentity {
  const { enc, sign } = generateMemberKeys();
  const lookup = randomBytes(32) as LookupKey;
  return { receipt: null, keys: { lookup, lookupHash: hashLookup(lookup), box: enc, sign } };
}

export interface ReportDraft {
  /** Fields of the body; defaults fill in the rest. */
  body?: Partial<ReportBody>;
  /** Member ids to exclude. */
  exclude?: readonly string[];
  attachments?: readonly FileToAttach[];
  urgent?: boolean;
  reporter?: ReporterIdentity;
  id?: string;
  /** Use this (perhaps stale) verified team instead of fetching it. */
  team?: PublicTeam;
}

export interface PreparedReport {
  readonly submission: ReportSubmission;
  readonly body: FullReportBody;
  readonly reporter: ReporterIdentity;
  readonly attachments: readonly AttachmentRef[];
  readonly team: PublicTeam;
  /** K: secret; tests look for it where it must not be. */
  readonly reportKey: ReportKey;
}

export function defaultReportBody(): ReportBody {
  return {
    schema: 'confide/report/v1',
    reporter_role: 'target',
    kinds: ['personal_attack'],
    summary: 'Repeated personal attacks on my talk page',
    what_happened: 'Someone keeps leaving insulting comments on my talk page.',
    where: 'en.wikipedia.org, User talk',
    links: [],
    involved: [],
    private_info_exposed: false,
    danger: 'none',
    contact: { by: 'receipt' },
    language: 'en',
  };
}

/**
 * Everything a reporter's browser does before submitting: fetch and verify the roster,
 * encrypt and upload attachments, seal the body to the active members minus exclusions and
 * to the reporter, sign. Returns the submission without sending it.
 */
export async function prepareReport(
  agent: Agent,
  slug: string,
  draft: ReportDraft = {},
): Promise<PreparedReport> {
  await ready();
  const team = draft.team ?? (await fetchTeam(agent, slug));
  const reporter = draft.reporter ?? reporterWithoutReceipt();
  const excluded = [...(draft.exclude ?? [])];
  const attachments: AttachmentRef[] = [];
  for (const file of draft.attachments ?? []) attachments.push(await uploadAttachment(agent, file));
  const body: FullReportBody = {
    ...defaultReportBody(),
    ...draft.body,
    attachments,
    submitted_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    reporter_keys: {
      box_pk: keyToBase64(reporter.keys.box.publicKey),
      sign_pk: keyToBase64(reporter.keys.sign.publicKey),
    },
    excluded,
    team_fingerprint: team.roster.fingerprint,
    roster_head: team.roster.head,
  };
  const { report, reportKey } = sealReport({
    team: team.detail.id,
    id: draft.id ?? generateId(),
    body,
    recipients: recipientsFromRoster(team.roster, excluded),
    reporter: reporter.keys,
  });
  const submission: ReportSubmission = {
    ...report,
    roster_seq: team.roster.head.seq,
    urgent: draft.urgent ?? (body.danger !== undefined && body.danger !== 'none'),
    excluded,
    attachments: attachments.map((a) => a.id),
  };
  return { submission, body, reporter, attachments, team, reportKey };
}

export function postReport(agent: Agent, submission: unknown): Promise<ApiResponse> {
  return agent.post('/api/reports', submission);
}

export interface SubmittedReport extends PreparedReport {
  readonly caseId: string;
  readonly receivedAt: string;
}

/** prepareReport, then POST /api/reports, expecting 201. */
export async function submitReport(
  agent: Agent,
  slug: string,
  draft: ReportDraft = {},
): Promise<SubmittedReport> {
  const prepared = await prepareReport(agent, slug, draft);
  const reply = expectReply<{ id: string; received_at: string }>(
    await postReport(agent, prepared.submission),
    201,
    'POST /api/reports',
  );
  return { ...prepared, caseId: reply.id, receivedAt: reply.received_at };
}

// ---------------------------------------------------------------------------
// Reading cases and items
// ---------------------------------------------------------------------------

export interface DecryptedItem {
  readonly raw: ItemJson;
  readonly body: ItemBody;
  /** "reporter", or the author's name in the verified roster. */
  readonly authorName: string;
}

function authorKey(
  item: ItemJson,
  roster: VerifiedRoster,
  reporterSignPk: SignPublicKey,
): { key: SignPublicKey; name: string } {
  if (item.author === 'reporter') return { key: reporterSignPk, name: 'reporter' };
  const author = roster.known.get(item.author);
  if (author === undefined) throw new Error(`item ${item.id} names an author who is not in the roster`);
  return { key: author.signPublicKey, name: author.name };
}

function openItems(
  items: readonly ItemJson[],
  team: string,
  roster: VerifiedRoster,
  recipient: MemberKeys['enc'],
  reporterSignPk: SignPublicKey,
): DecryptedItem[] {
  return items.map((item) => {
    const { key, name } = authorKey(item, roster, reporterSignPk);
    return { raw: item, body: verifyAndOpenItem(item, team, recipient, key), authorName: name };
  });
}

export interface MemberCaseView {
  readonly raw: CaseDetailJson;
  readonly body: FullReportBody;
  readonly items: readonly DecryptedItem[];
  /** Who must not read anything of this case: the served list and the body's, together. */
  readonly excluded: readonly string[];
  readonly reporterBoxPk: string;
}

/** GET /api/cases, each report opened with the member's grant. */
export async function listCases(
  session: MemberSession,
  query = '',
): Promise<{ raw: CaseListJson; cases: { summary: CaseSummaryJson; body: FullReportBody }[] }> {
  const raw = expectReply<CaseListJson>(await session.agent.get(`/api/cases${query}`), 200, 'GET /api/cases');
  return {
    raw,
    cases: raw.cases.map((summary) => ({
      summary,
      body: openReport(
        { team: session.team.id, id: summary.id, payload: summary.payload },
        unwrapReportKey(summary.grant, session.keys.enc),
      ),
    })),
  };
}

/**
 * GET /api/cases/{id}: verifies the reporter's signature, opens the report, checks that the
 * reporter keys the server serves are those inside the body, verifies and opens every item.
 */
export async function openCase(session: MemberSession, caseId: string): Promise<MemberCaseView> {
  const raw = expectReply<CaseDetailJson>(
    await session.agent.get(`/api/cases/${caseId}`),
    200,
    'GET /api/cases/{id}',
  );
  const reporterSignPk = signPublicKeyFromBase64(raw.reporter.sign_pk);
  verifyReportSignature(raw, reporterSignPk);
  const body = openReport(
    { team: session.team.id, id: raw.id, payload: raw.payload },
    unwrapReportKey(raw.grant, session.keys.enc),
  ) as FullReportBody;
  if (
    body.reporter_keys !== undefined &&
    (body.reporter_keys.box_pk !== raw.reporter.box_pk || body.reporter_keys.sign_pk !== raw.reporter.sign_pk)
  ) {
    throw new Error('the server serves reporter keys that are not those in the report');
  }
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const items = openItems(raw.items, session.team.id, roster, session.keys.enc, reporterSignPk);
  const excluded = [...new Set([...raw.excluded, ...(body.excluded ?? [])])];
  return { raw, body, items, excluded, reporterBoxPk: raw.reporter.box_pk };
}

/** The recipients of a new item: active members minus the case's exclusions (+ the reporter). */
export function itemRecipients(
  roster: VerifiedRoster,
  excluded: readonly string[],
  reporterBoxPk: string | null,
): Recipient[] {
  const recipients = recipientsFromRoster(
    roster,
    excluded.filter((id) => roster.active.has(id)),
  );
  if (reporterBoxPk !== null)
    recipients.push({ id: 'reporter', boxPublicKey: boxPublicKeyFromBase64(reporterBoxPk) });
  return recipients;
}

export interface ItemDraft {
  kind?: ItemKind;
  text: string;
  attachments?: readonly FileToAttach[];
  id?: string;
}

export interface PreparedItem {
  readonly item: ReturnType<typeof sealItem>['item'];
  readonly body: ItemBody;
  readonly attachments: readonly AttachmentRef[];
}

const SCHEMA_OF: Record<ItemKind, ItemBody['schema']> = {
  message: 'confide/message/v1',
  note: 'confide/note/v1',
  record: 'confide/record/v1',
};

async function prepareItem(
  agent: Agent,
  options: {
    team: string;
    caseId: string;
    author: string;
    signSecretKey: MemberKeys['sign']['secretKey'];
    recipients: Recipient[];
    draft: ItemDraft;
  },
): Promise<PreparedItem> {
  const kind = options.draft.kind ?? 'message';
  const attachments: AttachmentRef[] = [];
  for (const file of options.draft.attachments ?? []) attachments.push(await uploadAttachment(agent, file));
  const body: ItemBody = {
    schema: SCHEMA_OF[kind],
    text: options.draft.text,
    attachments,
    written_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const { item } = sealItem({
    team: options.team,
    caseId: options.caseId,
    id: options.draft.id ?? generateId(),
    kind,
    author: options.author,
    audience: kind === 'message' ? 'reporter' : 'team',
    body,
    recipients: options.recipients,
    authorSignSecretKey: options.signSecretKey,
    attachments: attachments.map((a) => a.id),
  });
  return { item, body, attachments };
}

/** A member's message to the reporter (kind message) or internal note (kind note), sealed and signed. */
export async function prepareMemberItem(
  session: MemberSession,
  view: Pick<MemberCaseView, 'raw' | 'excluded' | 'reporterBoxPk'>,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const kind = draft.kind ?? 'message';
  return prepareItem(session.agent, {
    team: session.team.id,
    caseId: view.raw.id,
    author: session.member.id,
    signSecretKey: session.keys.sign.secretKey,
    recipients: itemRecipients(roster, view.excluded, kind === 'message' ? view.reporterBoxPk : null),
    draft,
  });
}

export async function postMemberItem(
  session: MemberSession,
  view: Pick<MemberCaseView, 'raw' | 'excluded' | 'reporterBoxPk'>,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const prepared = await prepareMemberItem(session, view, draft);
  expectReply(
    await session.agent.post(`/api/cases/${view.raw.id}/items`, prepared.item),
    201,
    'POST /api/cases/{id}/items',
  );
  return prepared;
}

export async function patchCase(
  session: MemberSession,
  caseId: string,
  changes: { status?: CaseStatus; check_in_by?: string | null; assignee?: string | null },
): Promise<ApiResponse> {
  return session.agent.patch(`/api/cases/${caseId}`, changes);
}

// ---------------------------------------------------------------------------
// The reporter coming back
// ---------------------------------------------------------------------------

/** POST /api/receipt/session with the lookup derived from the receipt (or the identity's keys). */
export async function openReceiptSession(
  agent: Agent,
  reporter: ReporterIdentity | string,
): Promise<ApiResponse> {
  await ready();
  const keys = typeof reporter === 'string' ? deriveReceiptKeys(reporter) : reporter.keys;
  return agent.post('/api/receipt/session', { lookup: lookupToken(keys) });
}

export interface ReceiptCaseView {
  readonly raw: ReceiptCaseJson;
  readonly body: FullReportBody;
  readonly items: readonly DecryptedItem[];
  readonly excluded: readonly string[];
  readonly team: PublicTeam;
}

/**
 * GET /api/receipt/case: the report's signature is checked against the signing key derived
 * from the receipt (never one the server serves), the body opened with the reporter's box key,
 * the roster checked against the fingerprint and head inside the body, every item verified.
 */
export async function readReceiptCase(agent: Agent, reporter: ReporterIdentity): Promise<ReceiptCaseView> {
  const raw = expectReply<ReceiptCaseJson>(
    await agent.get('/api/receipt/case'),
    200,
    'GET /api/receipt/case',
  );
  verifyReportSignature(raw, reporter.keys.sign.publicKey);
  const body = openReport(
    { team: raw.team, id: raw.id, payload: raw.payload },
    unwrapReportKey(raw.grant, reporter.keys.box),
  ) as FullReportBody;
  const team = await fetchTeam(agent, raw.team_slug, body.team_fingerprint);
  if (team.detail.id !== raw.team) throw new Error('the case names another team');
  if (body.roster_head !== undefined) {
    const row = team.detail.roster[body.roster_head.seq];
    if (row?.hash !== body.roster_head.hash) throw new Error('the roster was rolled back or forked');
  }
  const items = openItems(raw.items, raw.team, team.roster, reporter.keys.box, reporter.keys.sign.publicKey);
  const excluded = [...new Set([...raw.excluded, ...(body.excluded ?? [])])];
  return { raw, body, items, excluded, team };
}

/** The reporter's answer (kind message, author reporter), to the team minus exclusions and to themselves. */
export async function prepareReporterItem(
  agent: Agent,
  reporter: ReporterIdentity,
  view: ReceiptCaseView,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const { roster } = await fetchTeam(agent, view.raw.team_slug, view.body.team_fingerprint);
  return prepareItem(agent, {
    team: view.raw.team,
    caseId: view.raw.id,
    author: 'reporter',
    signSecretKey: reporter.keys.sign.secretKey,
    recipients: itemRecipients(roster, view.excluded, keyToBase64(reporter.keys.box.publicKey)),
    draft: { ...draft, kind: draft.kind ?? 'message' },
  });
}

export async function postReporterItem(
  agent: Agent,
  reporter: ReporterIdentity,
  view: ReceiptCaseView,
  draft: ItemDraft,
): Promise<PreparedItem> {
  const prepared = await prepareReporterItem(agent, reporter, view, draft);
  expectReply(await agent.post('/api/receipt/items', prepared.item), 201, 'POST /api/receipt/items');
  return prepared;
}

// ---------------------------------------------------------------------------
// Looking for leaks
// ---------------------------------------------------------------------------

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    return `hex:${bytes.toString('hex')} latin1:${bytes.toString('latin1')} utf8:${bytes.toString('utf8')}`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value) + decodedStrings(value);
  if (typeof value === 'string') return value + decodedStrings(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** Any string that looks like base64, decoded too: a plaintext stored encoded is still found. */
function decodedStrings(value: unknown): string {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const token of v.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []) {
        const bytes = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
        out.push(` b64:${bytes.toString('latin1')} b64utf8:${bytes.toString('utf8')}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === 'object' && v !== null) {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return out.join('');
}

/**
 * Every row of every table in the public schema, as text: one line per row, `table: column=value`,
 * bytea as hex and as raw latin1 and UTF-8 decodings, base64-looking strings decoded as well, so
 * a plaintext is found however it was stored.
 */
export async function dumpEverything(db: Kysely<DB>): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const lines: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db);
    lines.push(`## ${table_name} (${rows.rows.length} rows)`);
    for (const row of rows.rows) {
      lines.push(
        `${table_name}: ${Object.entries(row)
          .map(([column, value]) => `${column}=${describeValue(value)}`)
          .join(' | ')}`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * The ways a secret could sit in stored text or logs: as itself, JSON-escaped, hex, and base64
 * / base64url at each of the three alignments (the part that does not depend on neighbours).
 */
export function secretForms(secret: string | Uint8Array): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const forms = new Set<string>();
  if (typeof secret === 'string') {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  forms.add(bytes.toString('hex'));
  forms.add(bytes.toString('latin1'));
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const core = b64.slice(offset === 0 ? 0 : 4, b64.length - 4);
    if (core.length >= 8) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((f) => f.length >= 4);
}

/** Labels of the secrets found in `haystack`, in any form of secretForms. */
export function findSecrets(haystack: string, secrets: Record<string, string | Uint8Array>): string[] {
  const found: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    const form = secretForms(secret).find((f) => haystack.includes(f));
    if (form !== undefined) found.push(`${label} (as ${JSON.stringify(form.slice(0, 40))})`);
  }
  return found;
}
