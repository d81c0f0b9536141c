/**
 * Input generation for the OpenAPI-driven fuzz tests of the hub and the cloud: operations read from
 * the served document with component `$ref`s resolved, a valid example arbitrary per JSON schema
 * (ids drawn from real rows), random JSON, wrong types, huge and empty strings, extreme numbers,
 * invalid UUIDs and mutations of the valid example. Each side checks "nothing changed" its own
 * way (hub/src/http/fuzz-support.ts, cloud/src/http/fuzz-support.ts). Not a test itself.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
}

interface Parameter {
  name: string;
  in: string;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  params: Parameter[];
  body: JsonSchema | null;
}

export interface OpenApiDoc {
  components?: { schemas?: Record<string, JsonSchema> };
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
    >
  >;
}

/** The schema with every `$ref` into components replaced by its target (cycles cut at depth 8). */
export function deref(schema: JsonSchema, doc: OpenApiDoc, depth = 0): JsonSchema {
  if (depth > 8) return {};
  const target = schema.$ref ? (doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] ?? {}) : schema;
  const walk = (s: JsonSchema) => deref(s, doc, depth + 1);
  return {
    ...target,
    ...(target.properties && {
      properties: Object.fromEntries(Object.entries(target.properties).map(([k, v]) => [k, walk(v)])),
    }),
    ...(target.items && { items: walk(target.items) }),
    ...(target.oneOf && { oneOf: target.oneOf.map(walk) }),
    ...(target.anyOf && { anyOf: target.anyOf.map(walk) }),
  };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const body = op.requestBody?.content['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p) => ({ ...p, schema: deref(p.schema, doc) })),
        body: body ? deref(body, doc) : null,
      };
    }),
  );
}

/** Real ids by field name, so valid examples reach the rules rather than stop at 404. */
export type IdPools = Record<string, string[]>;

const uuidFor = (name: string, pools: IdPools): fc.Arbitrary<string> => {
  const pool = pools[name] ?? pools.any ?? [];
  return pool.length > 0
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, fc.uuid())
    : fc.uuid();
};

const stringFor = (s: JsonSchema, name: string, pools: IdPools): fc.Arbitrary<string> => {
  if (s.format === 'uuid') return uuidFor(name, pools);
  const known = pools[name];
  if (known?.length)
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, fc.string({ maxLength: 20 }));
  if (s.format === 'date')
    return fc.constantFrom('2026-11-30', '2026-12-01', '2026-12-05', '2026-11-29', '2027-06-01');
  if (s.format === 'email') return fc.constant('student@example.in');
  if (s.pattern?.includes('[01]')) return fc.constantFrom('06:00', '10:00', '13:00', '21:00', '10:30');
  if (s.pattern?.includes('[1-9]')) return fc.integer({ min: 1e9, max: 9.9e9 }).map((n) => `+91${n}`);
  if (s.pattern?.includes('\\d{4,8}')) return fc.constantFrom('2468', '0000', '12345678');
  return fc.string({ minLength: 1, maxLength: 20 }).filter((x) => x.trim().length > 0);
};

/** A value the schema accepts (mostly; patterns are approximated). */
export function exampleOf(s: JsonSchema, name: string, pools: IdPools): fc.Arbitrary<unknown> {
  const options = s.oneOf ?? s.anyOf;
  const base = ((): fc.Arbitrary<unknown> => {
    if (options) return fc.oneof(...options.map((o) => exampleOf(o, name, pools)));
    if (s.enum) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'object': {
        const props = Object.entries(s.properties ?? {});
        const required = new Set(s.required ?? []);
        const shape = Object.fromEntries(props.map(([k, v]) => [k, exampleOf(v, k, pools)]));
        return fc.record(shape, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
      }
      case 'array':
        return fc.array(exampleOf(s.items ?? {}, name, pools), { maxLength: 3 });
      case 'integer':
      case 'number':
        return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 1000, (s.minimum ?? 0) + 1000) });
      case 'boolean':
        return fc.boolean();
      case 'string':
        return stringFor(s, name, pools);
      default:
        return fc.constant(null);
    }
  })();
  return s.nullable ? fc.oneof({ weight: 4, arbitrary: base }, fc.constant(null)) : base;
}

/** Values that break assumptions: wrong types, extremes, huge and empty strings, bad ids. */
export const boundary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    '../../etc/passwd',
    "'; DROP TABLE bookings; --",
    '\u0000',
    '💺',
    -1,
    0,
    1.5,
    -(2 ** 53),
    2 ** 53,
    1e308,
    true,
    null,
    [],
    {},
  ),
  fc.integer({ min: 1, max: 3 }).map((k) => 'x'.repeat(10 ** (k + 1))),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.uuid(),
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), boundary);

/** Random JSON, or a valid example with one field removed, replaced, added or nested wrongly. */
export function bodyArb(example: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const mutate = fc
    .tuple(example, fc.nat(), boundary, fc.constantFrom('drop', 'set', 'add', 'deep'))
    .map(([value, i, junk, how]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return junk;
      const copy: Record<string, unknown> = { ...value };
      const keys = Object.keys(copy);
      const key = keys[i % Math.max(keys.length, 1)] ?? 'extra';
      if (how === 'drop') delete copy[key];
      else if (how === 'add') copy[`extra${i % 3}`] = junk;
      else if (how === 'deep' && typeof copy[key] === 'object' && copy[key] !== null)
        copy[key] = { ...copy[key], kind: junk };
      else copy[key] = junk;
      return copy;
    });
  return fc.oneof(
    { weight: 2, arbitrary: example },
    { weight: 4, arbitrary: mutate },
    { weight: 3, arbitrary: anyJson },
  );
}

const queryValue = (p: Parameter, pools: IdPools): fc.Arbitrary<string> =>
  fc.oneof(
    exampleOf(p.schema, p.name, pools).map(String),
    boundary.map((v) => (typeof v === 'string' ? v.slice(0, 2000) : (JSON.stringify(v) ?? ''))),
  );

const pair = (p: Parameter, value: fc.Arbitrary<string>) =>
  value.map((v) => `${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`);

/** Either each declared parameter at most once with a plausible value, or a jumble of junk and repeats. */
function queryOf(query: Parameter[], pools: IdPools): fc.Arbitrary<string[]> {
  const plausible = fc.tuple(
    ...query.map((p) => fc.option(pair(p, exampleOf(p.schema, p.name, pools).map(String)), { nil: '' })),
  );
  const jumble = fc
    .array(fc.constantFrom(...query), { maxLength: 4 })
    .chain((picked) => fc.tuple(...picked.map((p) => pair(p, queryValue(p, pools)))));
  return fc.oneof(plausible, jumble).map((parts) => parts.filter((x) => x !== ''));
}

export interface FuzzRequest {
  url: string;
  body?: string;
  contentType?: string;
}

/** A whole request for `op`: path ids, query string and (for operations with one) a body. */
export function requestArb(op: Operation, pools: IdPools): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const pathId = fc.oneof(
    uuidFor('any', pools),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('', '..', '%', 'x'.repeat(300)),
  );
  const queryArb = query.length ? queryOf(query, pools) : fc.constant([] as string[]);
  const bodyArbitrary: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> = op.body
    ? fc.oneof(
        {
          weight: 8,
          arbitrary: bodyArb(exampleOf(op.body, 'body', pools)).map((v) => ({
            body: JSON.stringify(v),
            contentType: 'application/json',
          })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('{', '{"a":', 'nul', '[1,]')
            .map((raw) => ({ body: raw, contentType: 'application/json' })),
        },
        { weight: 1, arbitrary: fc.string().map((raw) => ({ body: raw, contentType: 'text/plain' })) },
      )
    : fc.constant({});
  return fc
    .record({
      ids: fc.array(pathId, { minLength: pathParams.length, maxLength: pathParams.length }),
      query: queryArb,
      body: bodyArbitrary,
    })
    .map(({ ids, query: parts, body }) => {
      let path = op.path;
      pathParams.forEach((p, i) => {
        path = path.replace(`{${p.name}}`, encodeURIComponent(ids[i] ?? ''));
      });
      return { url: parts.length ? `${path}?${parts.join('&')}` : path, ...body };
    });
}
