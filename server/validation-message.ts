/**
 * What a request that failed its route's schema is told: each problem once, naming the field it
 * is about. Fastify's own message prints Ajv's errors as "body/community must ..." and, for a
 * field that may also be null, adds the branches that were not meant ("must be null", "must
 * match a schema in anyOf"), which only confuse the reader.
 */

/** The part of an Ajv error this reads (FastifyError's `validation` entries). */
export interface SchemaProblem {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
  /** Set on the problem with a key of an object whose keys have a rule (`propertyNames`). */
  readonly propertyName?: string;
}

/** "/payload/c" → "payload.c"; "" (the whole body or query) → "". */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** A key as sent, quoted; cut short, as a key may be as long as the body. */
function keyName(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

/** A branch of an `anyOf` with null that failed because the value was not null. */
const isNullBranch = (problem: SchemaProblem): boolean =>
  problem.keyword === 'type' && problem.params?.type === 'null';

/**
 * The problems as one sentence fragment, e.g. `community must match pattern "^…$"; limit must be
 * integer`. `anyOf` summaries are dropped, and so are "must be null" branches when the same field
 * has another problem (the one that says what the field should be). A key that breaks its
 * object's rule for keys is named: `description_translations key "pt-BR" must match pattern …`,
 * without Ajv's summary ("property name must be valid").
 */
export function describeSchemaProblems(problems: readonly SchemaProblem[]): string {
  const real = problems.filter((p) => p.keyword !== 'anyOf' && p.keyword !== 'propertyNames');
  const kept = real.filter(
    (p) => !isNullBranch(p) || !real.some((other) => other !== p && other.instancePath === p.instancePath),
  );
  const lines = (kept.length > 0 ? kept : problems).map((p) => {
    const field = [
      fieldName(p.instancePath),
      p.propertyName === undefined ? '' : `key ${keyName(p.propertyName)}`,
    ]
      .filter((part) => part !== '')
      .join(' ');
    const allowed = p.keyword === 'enum' ? p.params?.allowedValues : undefined;
    // Ajv's enum message does not say what is allowed; the list is short in this contract.
    const message = Array.isArray(allowed)
      ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
      : (p.message ?? 'is not valid');
    return field === '' ? message : `${field} ${message}`;
  });
  return [...new Set(lines)].join('; ');
}
