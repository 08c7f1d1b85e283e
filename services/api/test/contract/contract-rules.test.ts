import { startRestStack, uniqueSuffix, type RestStack } from '../rest-stack.js';

/**
 * The rules the contract fuzzer found broken, each pinned by a plain example: undeclared
 * methods, NUL characters, over-long path parameters, cursors, out-of-range times, and a
 * documented limit on every parameter of /openapi.json.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const PROJECT = `checkout-${s}`;
const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 2
    repos: [acme/pay-${s}]
    members:
      - github: alice
        role: lead
projects:
  - id: ${PROJECT}
    name: Checkout
    pod: ${PAY}
    template: delivery
`;

let stack: RestStack;
let admin: string;

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

describe('undeclared methods', () => {
  it.each([
    ['TRACE', '/api/pods', 'GET, HEAD'],
    ['POST', `/api/pods/${PAY}`, 'GET, HEAD'],
    ['DELETE', `/api/projects/${PROJECT}/resume`, 'POST'],
    ['PUT', '/api/session', 'DELETE'],
  ] as const)('%s %s is 405 with Allow: %s', async (method, url, allow) => {
    const response = await stack.app.inject({ method, url, headers: { authorization: `Bearer ${admin}` } });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.json()).toMatchObject({ error: { code: 'MethodNotAllowed', details: { allow: allow.split(', ') } } });
  });

  it('answers QUERY (a method with a body) 405 too, before its body is parsed', async () => {
    const response = await stack.app.inject({ method: 'QUERY' as 'GET', url: `/api/pods/${PAY}`, headers: { authorization: `Bearer ${admin}` } });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('keeps 404 for a path no route takes', async () => {
    const response = await stack.call('GET', '/api/nowhere/at/all', { token: admin });
    expect(response.statusCode).toBe(404);
  });
});

describe('NUL characters', () => {
  it('refuses one in POST /api/projects/{id}/resume with 400 naming the field, not a Postgres 500', async () => {
    const response = await stack.call('POST', `/api/projects/${PROJECT}/resume`, { token: admin, body: { reason: '~\u0000 go on' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'InvalidInput', details: { issues: [{ path: 'body.reason' }] } } });
  });

  it('refuses one in a query parameter and a map key, and says so in /openapi.json', async () => {
    const query = await stack.call('GET', `/api/audit?actor=${encodeURIComponent('a\u0000b')}`, { token: admin });
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ error: { details: { issues: [{ path: 'querystring.actor' }] } } });
    const key = await stack.call('POST', '/api/tokens', { token: admin, body: { name: 'x', roles: { 'p\u0000': 'viewer' } } });
    expect(key.statusCode).toBe(400);

    const doc = (await stack.call('GET', '/openapi.json')).json<OpenApi>();
    const resume = doc.paths['/api/projects/{projectId}/resume']!.post!.requestBody!;
    expect(resume.required).toBe(false);
    expect(JSON.stringify(resume.content['application/json']!.schema)).toContain('^[^\\\\u0000]*$');
  });
});

describe('parameters', () => {
  it('refuses an over-long path parameter with the documented 400, not a 414', async () => {
    const response = await stack.call('GET', `/api/pods/${'p'.repeat(300)}`, { token: admin });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { details: { issues: [{ path: 'params.podId' }] } } });
  });

  it('refuses a malformed cursor (400) and answers a well-formed one that names no page 404', async () => {
    expect((await stack.call('GET', '/api/pods?cursor=%21%21', { token: admin })).statusCode).toBe(400);
    const unknown = await stack.call('GET', '/api/pods?cursor=0', { token: admin });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'NotFound', message: expect.stringContaining('querystring.cursor') } });
  });

  it('refuses a time the database cannot hold with 400 and takes an empty range as empty', async () => {
    const offset = await stack.call('GET', `/api/audit?from=${encodeURIComponent('2020-10-11T11:31:10-17:01')}`, { token: admin });
    expect(offset.statusCode).toBe(400);
    const backwards = await stack.call('GET', `/api/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, { token: admin });
    expect(backwards.statusCode).toBe(200);
    expect(backwards.json()).toEqual({ items: [], nextCursor: null });
  });

  it('documents a limit on every parameter of every operation', async () => {
    const doc = (await stack.call('GET', '/openapi.json')).json<OpenApi>();
    const unbounded: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const parameter of operation.parameters ?? []) {
          if (!bounded(parameter.schema)) unbounded.push(`${method.toUpperCase()} ${path} ${parameter.in}.${parameter.name}`);
        }
      }
    }
    expect(unbounded).toEqual([]);
  });
});

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  maxLength?: number;
  pattern?: string;
  maximum?: number;
  maxItems?: number;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema: JsonSchema }[];
        requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
}

/** Whether a parameter's schema caps its size: length, value, items or a closed set. */
function bounded(schema: JsonSchema): boolean {
  if (schema.enum !== undefined || schema.const !== undefined) return true;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) return alternatives.every(bounded);
  switch (schema.type) {
    case 'string':
      return (
        schema.maxLength !== undefined ||
        schema.format === 'date-time' ||
        schema.format === 'date' ||
        schema.format === 'uuid' ||
        (schema.pattern !== undefined && boundedPattern(schema.pattern))
      );
    case 'integer':
    case 'number':
      return schema.maximum !== undefined;
    case 'boolean':
      return true;
    case 'array':
      return schema.maxItems !== undefined && schema.items !== undefined && bounded(schema.items);
    default:
      return false;
  }
}

/** An anchored pattern without an open-ended repeat (`*`, `+`, `{n,}`) caps the length too. */
function boundedPattern(pattern: string): boolean {
  const unescaped = pattern.replace(/\\./g, '');
  return pattern.startsWith('^') && pattern.endsWith('$') && !/[*+]|\{\d+,\}/.test(unescaped);
}
