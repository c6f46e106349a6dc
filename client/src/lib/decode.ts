/**
 * Decoding replies: every reply is checked against its schema in the contract (contract/*.ts,
 * the schemas the server validates and serializes with), with TypeBox's interpreted `Value`:
 * no `eval`, so it runs under the page's strict Content-Security-Policy. Never use TypeBox's
 * `Compile` here: it builds its checks with `new Function`.
 *
 *   const decodeTeams = decodeWith(TeamList, (reply) => reply.teams);
 *   const teams = await api.get('/teams', decodeTeams);
 *
 * What is checked is the reply's shape, which is what the schema's static type promises: every
 * required field, its type (integers whole), enumerations, literals, and null only where
 * allowed. The contents of values are not checked here (string patterns, `format`, lengths,
 * numeric bounds, `additionalProperties`), for three reasons:
 *  - keys, signatures, ciphertexts and KDF parameters are judged by the crypto, which can tell
 *    tampering from an unreadable reply: a weakened KDF is an attack (KDF_TOO_WEAK), a bad
 *    signature a warning on that one item. A pattern check here could only say "unreadable";
 *  - a server that adds a field must not break the pages already open in browsers;
 *  - Value is an interpreter, at about a microsecond per schema node: 17 ms for the shape of
 *    a page of 1,000 cases (hence decodeListWith, below, for long lists), and patterns and
 *    formats would add half again (`format: 'date-time'` is registered by default in
 *    typebox/format, so Value would check it).
 * The hand-written decoders this replaces checked no contents either.
 *
 * A reply of the wrong shape throws a `DecodeError` naming the first field at fault; the API
 * client turns it into ApiError `invalid_response` ("a reply this page could not read").
 */
import { IsArray, Type, type Static, type TObject, type TSchema } from 'typebox';
// Named imports, not the `Value` namespace: the bundler then leaves out what is not used.
import { Check, Errors } from 'typebox/value';
import type { Envelope } from '#crypto';
import { Created, type Envelope as EnvelopeReply } from '#contract/common';

/**
 * Checks the shape of a reply and returns it typed; throws when the shape is wrong. Replies
 * are never cast: a server that changes its contract must fail loudly here rather than deep
 * inside a component.
 */
export type Decoder<T> = (data: unknown) => T;

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/** Keywords about a value's contents rather than its shape (see the top of this file). */
const CONTENT_KEYWORDS = new Set([
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'additionalProperties',
]);

/** Keywords whose value is a map of names to schemas: the names are data, never keywords. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
/** Keywords whose value is a schema or a list of schemas. */
const SUBSCHEMAS = new Set(['items', 'anyOf', 'allOf', 'oneOf', 'not', 'prefixItems']);

function shapeOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(shapeOf);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Record<PropertyKey, unknown>;
  const shape: Record<PropertyKey, unknown> = {};
  // Reflect.ownKeys: TypeBox keeps markers such as '~kind' and '~optional' on the schema.
  for (const key of Reflect.ownKeys(source)) {
    if (typeof key === 'string' && CONTENT_KEYWORDS.has(key)) continue;
    const value = source[key];
    if (typeof key === 'string' && SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null) {
      shape[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, shapeOf(sub)]));
    } else if (typeof key === 'string' && SUBSCHEMAS.has(key)) {
      shape[key] = shapeOf(value);
    } else {
      // `enum`, `const`, `required`, `type`...: kept as they are. A keyword not listed above
      // keeps its subschemas whole, which can only make the check stricter.
      shape[key] = value;
    }
  }
  return shape;
}

/**
 * The shape of a contract schema: the same schema without the keywords about contents
 * (patterns, formats, lengths, bounds, additionalProperties). Its static type is the same.
 */
export function replyShape<S extends TSchema>(schema: S): S {
  return shapeOf(schema) as S;
}

type Guard = (value: unknown) => boolean;

/** Words about a schema that constrain nothing. TypeBox's own markers start with '~'. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'default', '$comment', 'deprecated']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON Schema's type names, as Value tells them apart. */
const TYPE_GUARDS: Readonly<Record<string, Guard>> = {
  object: isObject,
  array: (v) => Array.isArray(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  integer: (v) => Number.isInteger(v),
  number: (v) => Number.isFinite(v),
  null: (v) => v === null,
};

function isPlainValue(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** One keyword of a shape as a closure, or undefined when it is not one this file compiles. */
function keywordGuard(shape: Record<string, unknown>, key: string): Guard | undefined {
  const value = shape[key];
  switch (key) {
    case 'type': {
      const guards = (Array.isArray(value) ? value : [value]).map((name) => TYPE_GUARDS[String(name)]);
      if (!guards.every((g): g is Guard => g !== undefined)) return undefined;
      return guards.length === 1 ? guards[0] : (v) => guards.some((g) => g(v));
    }
    case 'enum': {
      if (!Array.isArray(value) || !value.every(isPlainValue)) return undefined;
      const allowed = new Set<unknown>(value);
      return (v) => allowed.has(v);
    }
    case 'const':
      return isPlainValue(value) ? (v) => v === value : undefined;
    case 'anyOf': {
      const guards = (value as unknown[]).map(shapeGuard);
      return (v) => guards.some((g) => g(v));
    }
    case 'allOf': {
      const guards = (value as unknown[]).map(shapeGuard);
      return (v) => guards.every((g) => g(v));
    }
    case 'items': {
      const item = shapeGuard(value);
      return (v) => !Array.isArray(v) || v.every(item);
    }
    case 'required': {
      const names = value as string[];
      return (v) => !isObject(v) || names.every((name) => Object.hasOwn(v, name));
    }
    case 'properties': {
      const optional = new Set(Object.keys(value as object));
      for (const name of (shape.required as string[] | undefined) ?? []) optional.delete(name);
      const properties = Object.entries(value as object).map(([name, sub]) => {
        const guard = shapeGuard(sub);
        // As Value does: an optional property may also be present and undefined.
        return optional.has(name)
          ? ([name, (v: unknown) => v === undefined || guard(v)] as const)
          : ([name, guard] as const);
      });
      return (v) =>
        !isObject(v) || properties.every(([name, guard]) => !Object.hasOwn(v, name) || guard(v[name]));
    }
    default:
      return undefined;
  }
}

/**
 * A shape (replyShape) compiled once into plain closures: the same answer as Value.Check on
 * it, without an interpreter's cost at every node, and without eval. Handles the keywords of
 * the contract's shapes (type, properties, required, items, anyOf, allOf, enum and const of
 * plain values); a schema with any other keyword is checked by Value.Check instead. Kept
 * honest by tests/unit/client/reply-decoding.test.ts, which compares the two.
 */
export function shapeGuard(shape: unknown): Guard {
  if (typeof shape !== 'object' || shape === null) return (v) => Check(shape as TSchema, v);
  const record = shape as Record<string, unknown>;
  const guards: Guard[] = [];
  for (const key of Object.keys(record)) {
    if (key.startsWith('~') || ANNOTATIONS.has(key)) continue;
    const guard = keywordGuard(record, key);
    if (!guard) return (v) => Check(shape as TSchema, v);
    guards.push(guard);
  }
  return guards.length === 1 ? (guards[0] as Guard) : (v) => guards.every((g) => g(v));
}

/** The first thing wrong with `data`, for the DecodeError (only worked out on failure). */
function firstProblem(shape: TSchema, data: unknown): string {
  const [error] = Errors(shape, data);
  return error ? `reply${error.instancePath}: ${error.message}` : 'reply: not the shape the contract gives';
}

/** A Decoder for `api` calls that checks the reply's shape against `schema` and returns it. */
export function decodeWith<S extends TSchema>(schema: S): Decoder<Static<S>>;
/** A Decoder that checks the reply's shape against `schema`, then maps it (snake_case → camelCase). */
export function decodeWith<S extends TSchema, T>(schema: S, map: (reply: Static<S>) => T): Decoder<T>;
export function decodeWith(schema: TSchema, map?: (reply: unknown) => unknown): Decoder<unknown> {
  const shape = replyShape(schema);
  return (data) => {
    if (!Check(shape, data)) throw new DecodeError(firstProblem(shape, data));
    return map ? map(data) : data;
  };
}

/**
 * decodeWith for a reply that carries a long list, such as the 1,000 cases of a page of
 * GET /api/cases: the reply is checked with Value, its list item by item with shapeGuard,
 * the same shape some 25 times faster (0.7 ms a page rather than 17). On a failure, Value
 * names the field at fault.
 */
export function decodeListWith<S extends TObject, T>(
  schema: S,
  list: keyof S['properties'] & string,
  map: (reply: Static<S>) => T,
): Decoder<T> {
  const shape = replyShape(schema);
  const items = shape.properties[list];
  if (!items || !IsArray(items)) throw new TypeError(`${list} is not a list of the reply`);
  // Only "an array" here: `Type.Array(Type.Unknown())` would have Value visit every item.
  const outside = Type.Object({ ...shape.properties, [list]: Type.Unsafe<unknown[]>({ type: 'array' }) });
  const isItem = shapeGuard(items.items);
  return (data) => {
    if (!Check(outside, data) || !(data[list] as unknown[]).every(isItem)) {
      throw new DecodeError(firstProblem(shape, data));
    }
    return map(data as Static<S>);
  };
}

/**
 * The protocol's envelope (crypto's type, version 1) from a checked reply's. The contract
 * takes any integer version; these pages read version 1 only and refuse a reply with another,
 * as their decoders always have.
 */
export function envelopeV1(envelope: EnvelopeReply, where: string): Envelope {
  if (envelope.v !== 1) throw new DecodeError(`${where}.v: expected 1`);
  return { v: 1, n: envelope.n, c: envelope.c };
}

/** `value` with its `payload` read by envelopeV1. */
export function payloadV1<T extends { readonly payload: EnvelopeReply }>(
  value: T,
  where: string,
): Omit<T, 'payload'> & { payload: Envelope } {
  return { ...value, payload: envelopeV1(value.payload, `${where}.payload`) };
}

/** The id in a `Created` reply (201): of a new item or attachment. */
export const decodeCreatedId = decodeWith(Created, (reply) => reply.id);

// Two small checks that pinned-fingerprints.ts still reads the pins of GET /api/config with,
// after the shape of the reply (contract/replies.ts ConfigReply) has been checked: it checks
// each fingerprint whole as well. New code decodes with decodeWith.

export function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError(`${where}: expected an object`);
  }
  return value as Record<string, unknown>;
}

export function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new DecodeError(`${where}: expected a string`);
  return value;
}
