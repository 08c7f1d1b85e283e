import { verifyAuditChain } from '@clos/platform';
import { TOKEN_CACHE_MS } from '../src/auth/token-cache.js';
import { revokeToken } from '../src/auth/token-store.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 3
    repos: [acme/pay-${s}]
    members:
      - github: alice
        role: lead
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [acme/ops-${s}]
    members:
      - github: olga
        role: member
`;

let stack: RestStack;
let admin: string;
let viewer: string;
let noRole: string;

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
  viewer = (await stack.issue('pay viewer', { [PAY]: 'viewer' })).token;
  noRole = (await stack.issue('no role', {})).token;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('the OpenAPI document and docs', () => {
  it('lists /api/pods and every /api route with bearer security, generated from the request schemas', async () => {
    const response = await stack.call('GET', '/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, { security?: unknown; parameters?: { name: string }[] }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/pods');
    expect(doc.paths['/api/pods']!.get!.parameters!.map((p) => p.name).sort()).toEqual(['archived', 'cursor', 'limit']);
    for (const [path, operations] of Object.entries(doc.paths)) {
      expect(path.startsWith('/api/')).toBe(true);
      for (const operation of Object.values(operations)) expect(operation.security).toEqual([{ bearerAuth: [] }]);
    }
  });

  it('serves the docs UI at /docs', async () => {
    const response = await stack.call('GET', '/docs/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});

describe('authentication', () => {
  it('answers 401 to an anonymous caller, naming the Bearer scheme', async () => {
    const response = await stack.call('GET', '/api/pods');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="clos"');
    expect(response.json()).toEqual({
      error: { code: 'Unauthorized', message: expect.stringContaining('Authorization: Bearer'), details: { reason: 'missing' } },
    });
  });

  it.each([
    ['a bogus bearer token', 'Bearer not-a-token', 'malformed'],
    ['a well-formed token nobody issued', `Bearer clos_${'A'.repeat(43)}`, 'unknown'],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`, 'malformed'],
  ])('answers 401 to %s', async (_what, authorization, reason) => {
    const response = await stack.call('GET', '/api/pods', { headers: { authorization } });
    expect(response.statusCode).toBe(401);
    expect(response.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({ code: 'Unauthorized', details: { reason } });
  });

  it('answers 403 to a token without the role, and 200 with it', async () => {
    const refused = await stack.call('GET', '/api/pods', { token: noRole });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'Forbidden',
      message: expect.stringContaining('viewer'),
    });

    const allowed = await stack.call('GET', '/api/pods', { token: viewer });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([PAY]);
  });

  it('refuses an expired token', async () => {
    const { token } = await stack.issue('expired', { [PAY]: 'viewer' }, new Date(Date.now() - 1_000));
    const response = await stack.call('GET', '/api/pods', { token });
    expect(response.statusCode).toBe(401);
    expect(response.json<{ error: { message: string } }>().error.message).toContain('expired');
  });

  it('refuses a token from the request after it is revoked, and revoking twice changes nothing', async () => {
    const { token, id } = await stack.issue('to revoke', { [PAY]: 'viewer' });
    expect((await stack.call('GET', '/api/pods', { token })).statusCode).toBe(200);

    const revoked = await stack.call('DELETE', `/api/tokens/${id}`, { token: admin });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id, status: 'revoked' });
    const revokedAt = revoked.json<{ revokedAt: string }>().revokedAt;

    const refused = await stack.call('GET', '/api/pods', { token });
    expect(refused.statusCode).toBe(401);
    expect(refused.json<{ error: { details: unknown } }>().error.details).toEqual({ reason: 'revoked' });

    const again = await stack.call('DELETE', `/api/tokens/${id}`, { token: admin });
    expect(again.json()).toMatchObject({ status: 'revoked', revokedAt });
  });

  it('refuses a token revoked elsewhere (the CLI, another api) within seconds, though verified tokens are cached', async () => {
    const { token, id } = await stack.issue('revoked by the cli', { [PAY]: 'viewer' });
    expect((await stack.call('GET', '/api/pods', { token })).statusCode).toBe(200);
    expect((await revokeToken(stack.pool, id))?.changed).toBe(true);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < TOKEN_CACHE_MS + 2_000) {
      status = (await stack.call('GET', '/api/pods', { token })).statusCode;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(TOKEN_CACHE_MS + 1_000);
  }, 15_000);

  it('records when a token was last used', async () => {
    const { token, id } = await stack.issue('tracked', { [PAY]: 'viewer' });
    await stack.call('GET', '/api/me', { token });
    const { rows } = await stack.pool.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [id]);
    expect(rows[0]!.last_used_at).toBeInstanceOf(Date);
  });
});

describe('tokens issued through the API', () => {
  it('shows the secret once, stores only its hash, and the new token works with its roles', async () => {
    const created = await stack.call('POST', '/api/tokens', {
      token: admin,
      body: { name: 'ci', roles: { [PAY]: 'lead', [OPS]: 'viewer' }, expiresIn: '30d' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const body = created.json<{ id: string; token: string; prefix: string; roles: unknown; expiresAt: string; createdBy: string }>();
    expect(body.token).toMatch(/^clos_[A-Za-z0-9_-]{43}$/);
    expect(body.token.startsWith(body.prefix)).toBe(true);
    expect(body.roles).toEqual({ [PAY]: 'lead', [OPS]: 'viewer' });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const stored = await stack.pool.query('SELECT * FROM api_tokens WHERE id = $1', [body.id]);
    expect(JSON.stringify(stored.rows[0])).not.toContain(body.token);

    const listed = await stack.call('GET', '/api/tokens', { token: admin });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(body.token);
    expect(listed.json<{ items: { id: string }[] }>().items.map((t) => t.id)).toContain(body.id);

    const me = await stack.call('GET', '/api/me', { token: body.token });
    expect(me.json()).toMatchObject({ tokenId: body.id, name: 'ci', roles: { [PAY]: 'lead', [OPS]: 'viewer' } });

    const audit = (await stack.auditRows()).find((r) => r.action === 'token.create' && r.details.result !== undefined && JSON.stringify(r.details).includes(body.id));
    expect(audit).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain(body.token);
  });

  it.each([
    [{ name: 'x', roles: { nowhere: 'viewer' } }, 'roles', 'nowhere'],
    [{ name: 'x', roles: { [PAY]: 'admin' } }, `body.roles.${PAY}`, 'organisation-wide'],
    [{ name: 'x', roles: { [PAY]: 'boss' } }, `body.roles.${PAY}`, ''],
    [{ name: '', roles: {} }, 'body.name', ''],
    [{ name: 'x', roles: {}, expiresIn: 'soon' }, 'body.expiresIn', 'lifetime'],
    [{ name: 'x', roles: {}, expiresIn: '400d' }, 'expires', '366d'],
    [{ name: 'x', roles: {}, expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt', 'future'],
    [{ name: 'x', roles: {}, extra: 1 }, 'body', 'extra'],
  ])('refuses %j with 400 naming %s', async (body, field, words) => {
    const response = await stack.call('POST', '/api/tokens', { token: admin, body });
    expect(response.statusCode).toBe(400);
    const error = response.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain(field);
    expect(error.message).toContain(words);
  });
});

describe('security headers and correlation ids', () => {
  it('sends security headers on API answers', async () => {
    const response = await stack.call('GET', '/api/pods', { token: viewer });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('echoes the caller\'s correlation id, or a new one', async () => {
    const given = await stack.call('GET', '/api/me', { token: viewer, headers: { 'x-correlation-id': 'trace-123' } });
    expect(given.headers['x-correlation-id']).toBe('trace-123');
    const fresh = await stack.call('GET', '/api/me', { token: viewer, headers: { 'x-correlation-id': 'bad id with spaces' } });
    expect(fresh.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the audit log', () => {
  it('records refusals with who, what and from where, and its hash chain stays intact', async () => {
    // No proxy is trusted here: the TCP peer is the address, whatever X-Forwarded-For claims.
    await stack.call('GET', '/api/projects', { remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '192.0.2.1' } });
    await stack.call('GET', `/api/pods/${OPS}`, { token: viewer, remoteAddress: '203.0.113.10' });

    const rows = await stack.auditRows();
    const anonymous = rows.find((r) => r.action === 'auth.refused' && r.source_ip === '203.0.113.9');
    expect(anonymous).toMatchObject({ actor: 'anonymous', details: { reason: 'missing', method: 'GET', route: '/api/projects' } });
    const forbidden = rows.find((r) => r.action === 'auth.forbidden' && r.source_ip === '203.0.113.10');
    expect(forbidden).toMatchObject({ target: `pod:${OPS}`, details: { operation: 'getPod', needed: 'viewer', podId: OPS } });
    expect(forbidden!.actor).toMatch(/^token:/);

    expect(await verifyAuditChain(stack.pool)).toEqual([]);
    const verify = await stack.call('GET', '/api/audit/verify', { token: admin });
    expect(verify.json()).toEqual({ intact: true, problems: [], checkpoint: null });
  });

  it('pages the log newest first for admins, filtered by action prefix', async () => {
    const first = await stack.call('GET', '/api/audit?action=auth.&limit=1', { token: admin });
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ items: { id: string; action: string }[]; nextCursor: string }>();
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]!.action).toMatch(/^auth\./);
    const second = await stack.call('GET', `/api/audit?action=auth.&limit=1&cursor=${page1.nextCursor}`, { token: admin });
    const page2 = second.json<{ items: { id: string }[] }>();
    expect(Number(page2.items[0]!.id)).toBeLessThan(Number(page1.items[0]!.id));
  });
});
