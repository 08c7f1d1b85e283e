import type { SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { withoutNulPattern } from './reject-nul.js';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type TransformOutput = ReturnType<typeof jsonSchemaTransform>;

type JsonSchema = Record<string, unknown>;

/**
 * Errors are JSON whatever a route produces: a route that streams `text/event-stream`
 * (`produces`) still answers 4xx with `{"error": …}` as application/json, so each error
 * response gets an explicit application/json content (fastify-swagger's per-response form).
 */
function errorsAsJson(responses: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const fixed: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(responses)) {
    fixed[status] =
      Number(status) >= 400 && response.content === undefined
        ? { description: response.description ?? 'An error', content: { 'application/json': { schema: response } } }
        : response;
  }
  return fixed;
}

/**
 * The OpenAPI transform of the REST routes: the zod type provider's JSON Schema, stating
 * also what the api enforces for every route at once — no NUL in any free-text string
 * (rejectNulCharacters) — and that errors are JSON.
 */
export function publishedSchemaTransform(input: TransformInput): TransformOutput {
  const output = jsonSchemaTransform(input);
  // Requests only: an error answer may well quote the NUL it refuses.
  const schema = { ...output.schema } as typeof output.schema & { produces?: string[]; response?: Record<string, JsonSchema> } & Record<string, unknown>;
  for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
    if (schema[part] !== undefined) schema[part] = withoutNulPattern(schema[part]);
  }
  if (schema.response !== undefined && schema.produces !== undefined && !schema.produces.includes('application/json')) {
    schema.response = errorsAsJson(schema.response);
  }
  return { ...output, schema };
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: { nullable?: boolean } }> } }>>;
}

/**
 * The finished document: a body whose schema is optional (`nullable`, as zod's `.optional()`
 * renders) is not required either — the routes accept the request without one.
 */
export const publishedDocumentTransform: SwaggerTransformObject = (documentObject) => {
  const document = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as OpenApiDocument;
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const body = operation.requestBody;
      const schemas = Object.values(body?.content ?? {}).map((c) => c.schema);
      if (body !== undefined && schemas.length > 0 && schemas.every((s) => s?.nullable === true)) body.required = false;
    }
  }
  return 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject;
};
