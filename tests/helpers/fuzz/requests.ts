/**
 * Whole requests for one operation, as a fast-check arbitrary: path parameters (real ids, sampled
 * ones, hostile segments), query parameters (valid, hostile, repeated, unknown), a body (see
 * mutations.ts), the persona's session cookie (sometimes forged), the CSRF header on mutating
 * requests (sometimes missing or wrong), and now and then odd Accept or Content-Encoding headers.
 */
import fc from 'fast-check';
import { MUTATING_METHODS, fillPath, type Operation, type Parameter } from './openapi.js';
import { jsonBodyArbitrary, otherBodyArbitrary, type BodyCase } from './mutations.js';
import {
  A_UUID,
  ODD_DATES,
  hostileQueryValue,
  hostileSegment,
  hostileString,
  percentEncode,
} from './values.js';

export interface FuzzRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string | Buffer | undefined;
  /** What this request tries, for reports. */
  readonly label: string;
  /**
   * The path is spelt otherwise than the operation's own (a trailing or doubled slash, an escaped
   * letter, ...): another route may answer it (`/api/teams/` is GET /api/teams/{slug} with an
   * empty slug), so its status says nothing of this operation's contract.
   */
  readonly respelled: boolean;
}

/** Who is asking: the cookie header a browser in that role sends, if any. */
export interface Persona {
  readonly name: string;
  readonly cookie: string | undefined;
}

export interface OperationInputs {
  /** Real and sampled values for each path parameter (unencoded). */
  readonly pathValues: Readonly<Record<string, readonly string[]>>;
  /** Real and sampled values for each query parameter (unencoded). */
  readonly queryValues: Readonly<Record<string, readonly string[]>>;
  /** Seeds for a JSON body: sampled from the contract, and real ones the test made. */
  readonly bodySeeds: readonly unknown[];
  /** Seeds for a byte-stream body (an encrypted file). */
  readonly rawSeeds: readonly Uint8Array[];
  /** The operation reads a byte stream that the contract does not describe as a body. */
  readonly acceptsBytes: boolean;
}

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'confide';

function paramArbitrary(values: readonly string[], hostile: fc.Arbitrary<string>): fc.Arbitrary<string> {
  if (values.length === 0) return hostile;
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...values).map(percentEncode) },
    { weight: 4, arbitrary: hostile },
  );
}

/** A cursor-like value: base64url of JSON with odd instants and ids, as a forged page cursor. */
const encodedJsonCursor = (): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.record({
        at: fc.oneof(
          fc.constantFrom(...ODD_DATES),
          fc.constantFrom(
            '2026-01-01T00:00:00.000000Z',
            '2000-01-01T00:00:00.000000Z',
            '9999-12-31T23:59:59.999999Z',
            '2026-12-31T23:59:60.000000Z',
            '2024-02-29T12:00:00.123456Z',
            '2025-02-29T12:00:00.123456Z',
          ),
        ),
        id: fc.oneof(fc.constant(A_UUID), fc.uuid(), hostileString()),
      }),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url'));

function queryArbitrary(
  params: readonly Parameter[],
  values: Readonly<Record<string, readonly string[]>>,
): fc.Arbitrary<string> {
  const pair = (param: Parameter): fc.Arbitrary<string> => {
    const base64ish =
      typeof param.schema.pattern === 'string' && param.schema.pattern.includes('A-Za-z0-9_-');
    const options: fc.Arbitrary<string>[] = [paramArbitrary(values[param.name] ?? [], hostileQueryValue())];
    if (base64ish) options.push(encodedJsonCursor());
    return fc.oneof(...options).map((value) => `${param.name}=${value}`);
  };
  const declared = params.map((param) => fc.option(pair(param), { freq: 3, nil: undefined }));
  const extras = fc.oneof(
    { weight: 6, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ['unknown=1'],
        ['__proto__[x]=1'],
        ['a[]=1&a[]=2'],
        ['='],
        ['&&&'],
        ['%ZZ=1'],
        ['x'],
      ),
    },
    {
      weight: 1,
      arbitrary:
        params.length === 0
          ? fc.constant<string[]>([])
          : fc.constantFrom(...params).chain((param) => fc.tuple(pair(param), pair(param))),
    },
  );
  return fc.tuple(fc.tuple(...declared), extras).map(([chosen, more]) => {
    const parts = [...chosen.filter((part): part is string => part !== undefined), ...more];
    return parts.length === 0 ? '' : `?${parts.join('&')}`;
  });
}

const FORGED_COOKIES = [
  'confide_member=forged',
  `confide_member=${'a'.repeat(100)}`,
  `confide_member=${'a'.repeat(101)}`,
  `confide_member=${'a'.repeat(8_000)}`,
  'confide_receipt=forged; confide_member=forged',
  'confide_member=%00',
  'confide_member="quoted"',
  'confide_member=a; confide_member=b',
  'confide_member',
  '=; ;;',
  'confide_member=\u00e9',
];

function cookieArbitrary(persona: Persona): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant(persona.cookie) },
    { weight: 1, arbitrary: fc.constantFrom(...FORGED_COOKIES) },
    { weight: 1, arbitrary: hostileString().map((value) => `confide_member=${percentEncode(value)}`) },
  );
}

function csrfArbitrary(method: string): fc.Arbitrary<string | undefined> {
  if (!MUTATING_METHODS.has(method)) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(CSRF_VALUE) },
    );
  }
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant(CSRF_VALUE) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('Confide', 'CONFIDE', 'confide ', 'XMLHttpRequest', '', 'confide, confide'),
    },
  );
}

const extraHeaders = (): fc.Arbitrary<Record<string, string>> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { accept: 'text/html' },
        { accept: 'application/xml' },
        { accept: 'application/json;q=0' },
        { 'accept-encoding': 'gzip, deflate, br' },
        { 'content-encoding': 'gzip' },
        { 'content-encoding': 'identity, br' },
        { 'x-forwarded-for': '1.2.3.4, ::1, not-an-ip' },
        { 'x-http-method-override': 'DELETE' },
        { origin: 'https://evil.example' },
        { 'x-request-id': '\u0000../../etc/passwd' },
      ),
    },
  );

/** Upper-case hex escape of one character: `a` → `%61`. */
const escape = (char: string): string => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Other spellings of the same path: an escaped letter (`/%61pi/cases`, which the router decodes
 * to the API route while the raw URL does not start with /api/), case, extra slashes and dots.
 * Checks keyed on the raw URL (CSRF, no-store) must hold for all of them.
 */
const pathSpelling = (): fc.Arbitrary<(path: string) => string> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant((path: string) => path) },
    {
      weight: 2,
      arbitrary: fc.nat({ max: 40 }).map((at) => (path: string) => {
        const letters = [...path.matchAll(/[a-z]/g)].map((match) => match.index);
        const index = letters[at % Math.max(1, letters.length)] ?? 1;
        return `${path.slice(0, index)}${escape(path.charAt(index))}${path.slice(index + 1)}`;
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        (path: string) => path.replace('/api/', '/API/'),
        (path: string) => path.replace('/api/', '/api//'),
        (path: string) => `/${path}`,
        (path: string) => `${path}/`,
        (path: string) => path.replace('/api/', '/api/./'),
        (path: string) => path.replace('/api/', '/x/../api/'),
        (path: string) => path.replace('/api/', '/api%2F'),
        (path: string) => `${path};jsessionid=1`,
        (path: string) => `${path}%00`,
        (path: string) => `${path}#fragment`,
        (path: string) => path.replace(/\//g, escape('/')).replace(/^%2F/, '/'),
      ),
    },
  );

/** Every request this fuzzer may send for `op` as `persona`. */
export function requestArbitrary(
  op: Operation,
  persona: Persona,
  inputs: OperationInputs,
): fc.Arbitrary<FuzzRequest> {
  const path = fc
    .tuple(
      ...op.pathParams.map((param) => paramArbitrary(inputs.pathValues[param.name] ?? [], hostileSegment())),
    )
    .map((values) =>
      fillPath(op.path, Object.fromEntries(op.pathParams.map((param, i) => [param.name, values[i] ?? '']))),
    );
  const query =
    op.queryParams.length > 0 || op.method === 'GET'
      ? fc.oneof(
          { weight: 4, arbitrary: queryArbitrary(op.queryParams, inputs.queryValues) },
          { weight: 1, arbitrary: fc.constant('') },
        )
      : fc.constant('');
  const body: fc.Arbitrary<BodyCase> =
    op.body !== undefined && op.body.contentType === 'application/json'
      ? jsonBodyArbitrary(op.body.schema, inputs.bodySeeds)
      : otherBodyArbitrary(inputs.rawSeeds, inputs.acceptsBytes);
  return fc
    .record({
      path,
      query,
      body,
      cookie: cookieArbitrary(persona),
      csrf: csrfArbitrary(op.method),
      extra: extraHeaders(),
      spelling: pathSpelling(),
    })
    .map(({ path: filled, query: search, body: chosen, cookie, csrf, extra, spelling }) => {
      const url = spelling(filled);
      const headers: Record<string, string> = { ...extra };
      if (cookie !== undefined) headers.cookie = cookie;
      if (csrf !== undefined) headers[CSRF_HEADER] = csrf;
      if (chosen.contentType !== undefined) headers['content-type'] = chosen.contentType;
      return {
        method: op.method,
        url: `${url}${search}`,
        headers,
        payload: chosen.payload,
        label: `${persona.name}: ${chosen.label}`,
        respelled: url !== filled,
      };
    });
}
