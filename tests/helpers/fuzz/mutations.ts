/**
 * Bodies broken field by field. Starting from a seed that satisfies the contract, one node of it
 * is dropped, retyped, stretched, emptied or swapped for a hostile value chosen by what the
 * schema says the node is (an id, a date, base64, an enumeration, a bounded number, a list…).
 * Beside these, whole bodies of random JSON, text that is not JSON, and wrong content types.
 */
import fc from 'fast-check';
import type { JsonSchema } from './openapi.js';
import {
  BAD_UUIDS,
  MALFORMED_JSON,
  NAN_ISH,
  ODD_DATES,
  RawJson,
  hostileNumber,
  hostileString,
  randomJson,
  toJsonText,
  wrongShape,
} from './values.js';

export interface BodyCase {
  /** What was done to the seed, for reports ("payload.c: huge string"). */
  readonly label: string;
  /** The Content-Type header to send, or undefined for none. */
  readonly contentType: string | undefined;
  readonly payload: string | Buffer | undefined;
}

type Path = readonly (string | number)[];

interface Node {
  readonly path: Path;
  readonly schema: JsonSchema;
  readonly value: unknown;
  /** The node is a property of an object (so it can be dropped). */
  readonly inObject: boolean;
}

const DROP = Symbol('drop');

function sub(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};
}

/** allOf merged and the anyOf/oneOf branch that fits `value` chosen: the schema `value` is held to. */
function effective(schema: JsonSchema, value: unknown): JsonSchema {
  let current = schema;
  if (Array.isArray(current.allOf)) {
    const parts = (current.allOf as unknown[]).map((part) => effective(sub(part), value));
    current = {
      ...current,
      type: 'object',
      properties: Object.assign({}, ...parts.map((part) => sub(part.properties))) as JsonSchema,
      required: parts.flatMap((part) => (Array.isArray(part.required) ? (part.required as string[]) : [])),
    };
  }
  const options = current.anyOf ?? current.oneOf;
  if (Array.isArray(options)) {
    const list = options.map(sub);
    const fitting =
      list.find((option) => {
        if (typeof value === 'string') {
          return (
            option.type === 'string' &&
            (typeof option.pattern !== 'string' || new RegExp(option.pattern).test(value)) &&
            (!Array.isArray(option.enum) || option.enum.includes(value))
          );
        }
        if (value === null) return option.type === 'null';
        if (Array.isArray(value)) return option.type === 'array';
        return option.type === typeof value || (typeof value === 'number' && option.type === 'integer');
      }) ?? list[0];
    if (fitting !== undefined) return effective(fitting, value);
  }
  return current;
}

/** Every node of `value` (the root included) with the schema it is held to. */
export function nodesOf(schema: JsonSchema, value: unknown, path: Path = [], inObject = false): Node[] {
  const own = effective(schema, value);
  const nodes: Node[] = [{ path, schema: own, value, inObject }];
  if (Array.isArray(value)) {
    // The first item stands for all of them.
    if (value.length > 0) nodes.push(...nodesOf(sub(own.items), value[0], [...path, 0], false));
  } else if (typeof value === 'object' && value !== null) {
    const properties = sub(own.properties);
    for (const [key, item] of Object.entries(value)) {
      nodes.push(...nodesOf(sub(properties[key]), item, [...path, key], true));
    }
  }
  return nodes;
}

function isUuidSchema(schema: JsonSchema): boolean {
  return typeof schema.pattern === 'string' && schema.pattern.includes('[0-9a-f]{8}-');
}

function isTimeSchema(schema: JsonSchema): boolean {
  return (
    schema.format === 'date-time' || (typeof schema.pattern === 'string' && schema.pattern.includes('T\\d'))
  );
}

function isBase64Schema(schema: JsonSchema): boolean {
  return typeof schema.pattern === 'string' && schema.pattern.includes('A-Za-z0-9_-');
}

function num(schema: JsonSchema, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' ? value : undefined;
}

interface Mutation {
  readonly label: string;
  readonly value: unknown;
}

const m =
  (label: string) =>
  (value: unknown): Mutation => ({ label, value });

/** Replacement values for one node, chosen by what the schema says it is. */
export function mutationsOf(node: Node): fc.Arbitrary<Mutation> {
  const { schema, value } = node;
  const options: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 2, arbitrary: wrongShape().map(m('wrong shape')) },
    { weight: 1, arbitrary: hostileString().map(m('hostile string')) },
  ];
  if (node.inObject) options.push({ weight: 2, arbitrary: fc.constant({ label: 'dropped', value: DROP }) });
  if (typeof value === 'string') {
    const text = value;
    const variants = [
      text.toUpperCase(),
      text.toLowerCase(),
      `${text}A`,
      text.slice(0, -1),
      ` ${text}`,
      `${text}\n`,
      `${text}\u0000`,
      `${text}=`,
      text.replace(/^../, '+/'),
      text.normalize('NFD'),
      text.repeat(3),
    ];
    options.push({ weight: 2, arbitrary: fc.constantFrom(...variants).map(m('edited')) });
    const maxLength = num(schema, 'maxLength');
    if (maxLength !== undefined && maxLength < 3_000_000) {
      options.push({
        weight: 1,
        arbitrary: fc.constantFrom('A', 'a', '0', '-').map((unit) => ({
          label: 'one past maxLength',
          value: unit.repeat(maxLength + 1),
        })),
      });
    }
    const minLength = num(schema, 'minLength');
    if (minLength !== undefined && minLength > 0) {
      options.push({
        weight: 1,
        arbitrary: fc.constant({ label: 'one short of minLength', value: 'A'.repeat(minLength - 1) }),
      });
    }
    if (isUuidSchema(schema))
      options.push({ weight: 3, arbitrary: fc.constantFrom(...BAD_UUIDS).map(m('bad uuid')) });
    if (isTimeSchema(schema))
      options.push({ weight: 4, arbitrary: fc.constantFrom(...ODD_DATES).map(m('odd date')) });
    if (isBase64Schema(schema)) {
      options.push({
        weight: 1,
        arbitrary: fc
          .constantFrom(
            Buffer.from(text, 'utf8').toString('base64'),
            text.replace(/-/g, '+').replace(/_/g, '/'),
            `${text}==`,
            text.replace(/.$/, 'B'),
            text.replace(/.$/, '_'),
          )
          .map(m('base64 variant')),
      });
    }
  }
  if (typeof value === 'number') {
    const bounds = [num(schema, 'minimum'), num(schema, 'maximum')].filter(
      (b): b is number => b !== undefined,
    );
    options.push(
      { weight: 3, arbitrary: hostileNumber().map(m('hostile number')) },
      { weight: 1, arbitrary: fc.constantFrom(...NAN_ISH).map(m('number as text')) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(value + 0.5, -value - 1, ...bounds.flatMap((b) => [b - 1, b + 1]))
          .map(m('edge')),
      },
    );
  }
  if (typeof value === 'boolean') {
    options.push({
      weight: 2,
      arbitrary: fc.constantFrom<unknown>('true', 'false', 0, 1, null, [true]).map(m('boolean-ish')),
    });
  }
  if (Array.isArray(value)) {
    const first: unknown = value[0] ?? 'x';
    const maxItems = num(schema, 'maxItems');
    options.push({
      weight: 3,
      arbitrary: fc
        .constantFrom<() => unknown>(
          () => [],
          () => [first, first],
          () => [first, null],
          () => [[first]],
          () => Array.from({ length: (maxItems ?? 1000) + 1 }, () => structuredClone(first)),
          () => Array.from({ length: 10_000 }, () => structuredClone(first)),
          () => new RawJson(`[${'0,'.repeat(150_000)}0]`),
        )
        .map((make) => ({ label: 'array', value: make() })),
    });
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    options.push(
      { weight: 1, arbitrary: fc.constant({ label: 'empty object', value: {} }) },
      { weight: 2, arbitrary: extraProperty(value).map(m('extra property')) },
    );
  }
  if (Array.isArray(schema.enum) || schema.const !== undefined) {
    options.push({
      weight: 1,
      arbitrary: fc
        .constantFrom('', 'bogus', 'Admin', 'REPORTER', 'message ', 'genesis')
        .map(m('not in enum')),
    });
  }
  return fc.oneof(...options);
}

const EXTRA_KEYS = [
  'extra',
  '__proto__',
  'constructor',
  'prototype',
  '',
  '\u0000',
  'x'.repeat(300),
  'id',
  '$ref',
];

/** `object` with one more property, as an own property even when it is named __proto__. */
function extraProperty(object: object): fc.Arbitrary<object> {
  return fc
    .tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 20 })), randomJson())
    .map(([key, extra]) => {
      const copy = { ...object };
      Object.defineProperty(copy, key, {
        value: extra,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return copy;
    });
}

function withValue(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value === DROP ? undefined : value;
  const copy = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === DROP) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else Reflect.deleteProperty(node, last);
  } else {
    Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const json = (label: string, value: unknown): BodyCase => ({
  label,
  contentType: 'application/json',
  payload: toJsonText(value),
});

/** A JSON body: a seed as it is, broken field by field, or replaced by something else entirely. */
export function jsonBodyArbitrary(schema: JsonSchema, seeds: readonly unknown[]): fc.Arbitrary<BodyCase> {
  if (seeds.length === 0) throw new Error('a JSON body needs at least one seed');
  const seed = fc.constantFrom(...seeds);
  const fieldMutation = seed.chain((base) => {
    const nodes = nodesOf(schema, base);
    return fc
      .constantFrom(...nodes)
      .chain((node) =>
        mutationsOf(node).map((mutation) =>
          json(
            `${node.path.join('.') || '(body)'}: ${mutation.label}`,
            withValue(base, node.path, mutation.value),
          ),
        ),
      );
  });
  const otherContentType = fc
    .tuple(
      seed,
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16le',
        'application/json; charset=latin1',
        'application/json; charset="utf-8"',
        'APPLICATION/JSON',
        'application/json;;;',
        'application/json, text/plain',
        'application/merge-patch+json',
        'application/jsonx',
        'application/octet-stream',
        'application/xml',
        'text/json',
        '',
        '*/*',
      ),
    )
    .map(([base, contentType]) => ({
      label: `content type ${JSON.stringify(contentType)}`,
      contentType,
      payload: toJsonText(base),
    }));
  return fc.oneof(
    { weight: 2, arbitrary: seed.map((base) => json('seed', base)) },
    { weight: 12, arbitrary: fieldMutation },
    { weight: 2, arbitrary: randomJson().map((value) => json('random JSON', value)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...MALFORMED_JSON).map((text) => ({
        label: `malformed JSON ${JSON.stringify(text.slice(0, 20))}`,
        contentType: 'application/json',
        payload: text,
      })),
    },
    { weight: 2, arbitrary: otherContentType },
    {
      weight: 1,
      arbitrary: fc.constantFrom<BodyCase>(
        { label: 'no body', contentType: undefined, payload: undefined },
        { label: 'no body, JSON content type', contentType: 'application/json', payload: undefined },
        {
          label: 'random bytes',
          contentType: 'application/json',
          payload: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x7d]),
        },
      ),
    },
  );
}

/** Bodies for an operation whose contract documents none (or a byte stream): mostly none. */
export function otherBodyArbitrary(
  rawSeeds: readonly Uint8Array[],
  acceptsBytes: boolean,
): fc.Arbitrary<BodyCase> {
  const bytes = (label: string, data: Uint8Array, contentType = 'application/octet-stream'): BodyCase => ({
    label,
    contentType,
    payload: Buffer.from(data),
  });
  const options: fc.WeightedArbitrary<BodyCase>[] = [
    {
      weight: acceptsBytes ? 1 : 6,
      arbitrary: fc.constant<BodyCase>({ label: 'no body', contentType: undefined, payload: undefined }),
    },
    { weight: 1, arbitrary: randomJson().map((value) => json('random JSON', value)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((data) => bytes('random bytes', data)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...MALFORMED_JSON.slice(0, 12)).map((text) => ({
        label: 'malformed JSON',
        contentType: 'application/json',
        payload: text,
      })),
    },
  ];
  if (acceptsBytes) {
    options.push(
      {
        weight: 3,
        arbitrary: fc
          .uint8Array({ minLength: 0, maxLength: 5_000 })
          .map((data) => bytes('random bytes', data)),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(0, 1, 40, 41, 1024 * 1024, 1024 * 1024 + 1)
          .map((size) => bytes(`${size} zero bytes`, new Uint8Array(size))),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.uint8Array({ minLength: 41, maxLength: 2_000 }),
            fc.constantFrom(
              'text/plain',
              'application/json',
              'application/octet-stream; charset=utf-8',
              'Application/Octet-Stream',
              'application/octet-stream ',
              'multipart/form-data; boundary=x',
              '',
            ),
          )
          .map(([data, contentType]) =>
            bytes(`content type ${JSON.stringify(contentType)}`, data, contentType),
          ),
      },
    );
    if (rawSeeds.length > 0) {
      options.push({
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...rawSeeds), fc.nat({ max: 100 }), fc.integer({ min: 0, max: 255 }))
          .map(([seed, at, byte]) => {
            const copy = Buffer.from(seed);
            const index = copy.length === 0 ? 0 : Math.floor((at / 100) * (copy.length - 1));
            if (at === 0) return bytes('seed', copy);
            // Some cut short at that byte, the others with that byte changed.
            if (at % 7 === 3) return bytes(`seed cut to ${index} bytes`, copy.subarray(0, index));
            if (copy.length > 0) copy[index] = byte;
            return bytes(`seed with byte ${index} set to ${byte}`, copy);
          }),
      });
    }
  }
  return fc.oneof(...options);
}
