import { invalidInput } from '@clos/domain';
import type { FastifyInstance } from 'fastify';

/** Where a NUL character sits in `value`, as a field path, or undefined when there is none. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}.${index}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(key, `${path}.${key}`) ?? nulPath(item, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Refuses, with 400 naming the field, any request whose parameters, query or body hold a NUL
 * character: Postgres text cannot store one, so it would otherwise fail as a 500 deep inside a
 * service. Once, for every route of the scope, right after validation — on what validation
 * kept (unknown properties are already stripped, so a NUL in an ignored key changes nothing);
 * the OpenAPI document says the same through {@link withoutNulPattern}.
 */
export function rejectNulCharacters(scope: FastifyInstance): void {
  scope.addHook('preHandler', async (request) => {
    const field = nulPath(request.params, 'params') ?? nulPath(request.query, 'querystring') ?? nulPath(request.body, 'body');
    if (field !== undefined) {
      const message = 'must not contain a NUL character (\\u0000)';
      throw invalidInput(`Invalid input: ${field}: ${message}`, { issues: [{ path: field, message }] });
    }
  });
}

/** The JSON Schema pattern every free-text string gets: anything but NUL. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/**
 * States {@link NO_NUL_PATTERN} on every free-text string schema (as its pattern, or beside
 * the one it has) and on the keys of every map, so the published contract says what
 * {@link rejectNulCharacters} enforces.
 */
export function withoutNulPattern<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => withoutNulPattern(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Examples and defaults are data, not schemas.
    copy[key] = key === 'example' || key === 'examples' || key === 'default' || key === 'enum' ? value : withoutNulPattern(value);
  }
  const isString = copy.type === 'string' || (Array.isArray(copy.type) && copy.type.includes('string'));
  if (isString && copy.format === undefined && copy.enum === undefined && copy.const === undefined) {
    if (copy.pattern === undefined) copy.pattern = NO_NUL_PATTERN;
    else if (copy.pattern !== NO_NUL_PATTERN) copy.allOf = [...((copy.allOf as unknown[] | undefined) ?? []), { pattern: NO_NUL_PATTERN }];
  }
  const isMap = copy.type === 'object' && copy.additionalProperties !== undefined && copy.additionalProperties !== false;
  if (isMap && copy.propertyNames === undefined) copy.propertyNames = { type: 'string', pattern: NO_NUL_PATTERN };
  return copy as T;
}
