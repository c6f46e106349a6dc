/**
 * The served OpenAPI document, read as a list of operations to fuzz: method, path template,
 * path and query parameters, the request body's schema and content type, and the content types
 * each documented status is answered with. Local `$ref`s are resolved, so every schema handed
 * on is self-contained.
 */

/** A JSON schema as the document carries it: read loosely, keyword by keyword. */
export type JsonSchema = Readonly<Record<string, unknown>>;

interface ParameterObject {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

interface MediaTypeObject {
  readonly schema?: JsonSchema;
}

interface OperationObject {
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: { readonly required?: boolean; readonly content?: Record<string, MediaTypeObject> };
  readonly responses?: Record<string, { readonly content?: Record<string, MediaTypeObject> }>;
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, OperationObject>>;
  readonly components?: { readonly schemas?: Record<string, JsonSchema> };
}

export interface Parameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface Operation {
  /** "METHOD /path/{template}", as failures are reported and deduplicated. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  /** The JSON (or other) body the contract documents, if any. */
  readonly body:
    { readonly contentType: string; readonly schema: JsonSchema; readonly required: boolean } | undefined;
  /** Documented statuses ("200", "default"…) and the content types their replies may carry. */
  readonly responses: ReadonlyMap<string, readonly string[]>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The value a local JSON pointer (`#/components/schemas/X`) names in `doc`. */
function pointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node))
      throw new Error(`unresolvable $ref ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * `schema` with every local `$ref` replaced by what it points to. A reference to a schema that
 * is already being expanded (a recursive type) is left as `{}`, which accepts anything: the
 * fuzzer then only loses precision below that depth.
 */
export function resolveRefs(schema: unknown, doc: unknown, expanding: readonly string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((item) => resolveRefs(item, doc, expanding));
  if (typeof schema !== 'object' || schema === null) return schema;
  const record = schema as Record<string, unknown>;
  const ref = record.$ref;
  if (typeof ref === 'string') {
    if (expanding.includes(ref)) return {};
    const { $ref: _ignored, ...siblings } = record;
    const target = resolveRefs(pointer(doc, ref), doc, [...expanding, ref]) as Record<string, unknown>;
    return { ...target, ...(resolveRefs(siblings, doc, expanding) as Record<string, unknown>) };
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, resolveRefs(value, doc, expanding)]),
  );
}

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null ? (value as JsonSchema) : {};
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const lower of HTTP_METHODS) {
      const operation = item[lower];
      if (operation === undefined) continue;
      const method = lower.toUpperCase();
      const parameters = (operation.parameters ?? []).map((p) => ({
        in: p.in,
        name: p.name,
        required: p.required ?? p.in === 'path',
        schema: asSchema(resolveRefs(p.schema ?? {}, doc)),
      }));
      const content = operation.requestBody?.content ?? {};
      const [contentType, media] =
        Object.entries(content).find(([type]) => type === 'application/json') ??
        Object.entries(content)[0] ??
        [];
      const responses = new Map<string, string[]>();
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        responses.set(status, Object.keys(response.content ?? {}));
      }
      operations.push({
        key: `${method} ${path}`,
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body:
          contentType === undefined
            ? undefined
            : {
                contentType,
                schema: asSchema(resolveRefs(media?.schema ?? {}, doc)),
                required: operation.requestBody?.required ?? false,
              },
        responses,
      });
    }
  }
  return operations;
}

/** The path template with each `{name}` replaced by its (already URL-encoded) value. */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => values[name] ?? '');
}
