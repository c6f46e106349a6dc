/**
 * Valid starting points for mutation. openapi-sampler makes a value from each schema; it does
 * not honour every keyword at once (a `pattern` with a `minLength`, for one), so `repair`
 * nudges the sample until it satisfies lengths, bounds and required properties. Ids the test
 * holds for real (a team, a case, a member) are then put in place of sampled ones, so that a
 * mutation of the seed reaches the handler's own checks instead of stopping at "not found".
 */
import { sample } from 'openapi-sampler';
import fc from 'fast-check';
import type { JsonSchema } from './openapi.js';

function num(schema: JsonSchema, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' ? value : undefined;
}

function sub(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};
}

function branches(schema: JsonSchema): JsonSchema[] {
  const list = schema.anyOf ?? schema.oneOf;
  return Array.isArray(list) ? list.map(sub) : [];
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  const type = schema.type;
  if (type === undefined) return true;
  const types = Array.isArray(type) ? (type as string[]) : [type as string];
  const actual = typeOf(value);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

/** A string satisfying `schema`'s pattern and length limits, starting from `text`. */
function repairString(schema: JsonSchema, text: string): string {
  const min = num(schema, 'minLength') ?? 0;
  const max = num(schema, 'maxLength') ?? Infinity;
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern) : undefined;
  const fits = (candidate: string): boolean =>
    candidate.length >= min && candidate.length <= max && (pattern?.test(candidate) ?? true);
  if (Array.isArray(schema.enum) && typeof schema.enum[0] === 'string') return schema.enum[0];
  if (typeof schema.const === 'string') return schema.const;
  if (fits(text)) return text;
  for (const fill of ['A', 'a', '0', 'x', '-']) {
    const base = text.slice(0, Math.min(text.length, max));
    const candidate = base + fill.repeat(Math.max(0, min - base.length));
    if (fits(candidate)) return candidate;
  }
  if (pattern !== undefined) {
    const found = fc
      .sample(fc.stringMatching(pattern), { seed: 1, numRuns: 200 })
      .find((candidate) => fits(candidate));
    if (found !== undefined) return found;
  }
  return text;
}

/** `value` changed as little as needed to satisfy `schema` (lengths, bounds, required, items). */
export function repair(schema: JsonSchema, value: unknown): unknown {
  if (Array.isArray(schema.allOf)) {
    return (schema.allOf as unknown[]).reduce((current, part) => repair(sub(part), current), value);
  }
  const options = branches(schema);
  if (options.length > 0) {
    const branch =
      options.find((option) => typeMatches(option, value) && option.type !== 'null') ?? options[0];
    return branch === undefined ? value : repair(branch, value);
  }
  if (typeof value === 'string') return repairString(schema, value);
  if (typeof value === 'number') {
    let n = value;
    const min = num(schema, 'minimum');
    const max = num(schema, 'maximum');
    if (min !== undefined && n < min) n = min;
    if (max !== undefined && n > max) n = max;
    return schema.type === 'integer' ? Math.round(n) : n;
  }
  if (Array.isArray(value)) {
    const items = sub(schema.items);
    const list = value.map((item) => repair(items, item));
    const min = num(schema, 'minItems') ?? 0;
    const max = num(schema, 'maxItems') ?? Infinity;
    while (list.length < min && list.length > 0) list.push(structuredClone(list[0]));
    return list.slice(0, max);
  }
  if (typeof value === 'object' && value !== null) {
    const properties = sub(schema.properties);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = key in properties ? repair(sub(properties[key]), item) : item;
    }
    for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (!(key in out)) out[key] = repair(sub(properties[key]), sample(sub(properties[key]), SAMPLER));
    }
    return out;
  }
  return value;
}

const SAMPLER = { enablePatterns: true, skipReadOnly: true, quiet: true } as const;

/** A value for `schema`: openapi-sampler's, repaired to satisfy the keywords it overlooks. */
export function sampleValue(schema: JsonSchema, doc: object): unknown {
  return repair(schema, sample(schema, SAMPLER, doc));
}

/** Real values the test holds, by the property or parameter name they belong to. */
export type RealValues = Readonly<Record<string, readonly string[]>>;

/** Whether `text` is a value `schema` could hold (type and pattern only: enough to pick a real id). */
export function fitsStringSchema(schema: JsonSchema, text: string): boolean {
  const options = branches(schema);
  if (options.length > 0) return options.some((option) => fitsStringSchema(option, text));
  if (schema.type !== undefined && schema.type !== 'string') return false;
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(text)) return false;
  return true;
}

/**
 * `value` with each string property whose name has real values replaced by the first real value
 * its schema accepts (`team` is a uuid in a report and a slug in a sign-in: the schema decides).
 */
export function personalise(schema: JsonSchema, value: unknown, real: RealValues, key?: string): unknown {
  if (typeof value === 'string' && key !== undefined) {
    const found = real[key]?.find((candidate) => fitsStringSchema(schema, candidate));
    return found ?? value;
  }
  if (Array.isArray(schema.allOf)) {
    return (schema.allOf as unknown[]).reduce(
      (current, part) => personalise(sub(part), current, real, key),
      value,
    );
  }
  if (Array.isArray(value)) {
    const items = sub(schema.items);
    // Array items take the name of the array's property ("excluded": member ids).
    return value.map((item) => personalise(items, item, real, key));
  }
  if (typeof value === 'object' && value !== null) {
    const properties = sub(schema.properties);
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [
        name,
        personalise(sub(properties[name]), item, real, name),
      ]),
    );
  }
  return value;
}
