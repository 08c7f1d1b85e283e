import { PassThrough } from 'node:stream';
import { appendAudit, createLogger } from '@clos/platform';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server.js';
import { createLoginLink, SESSION_COOKIE } from '../src/auth/session.js';
import { revokeToken } from '../src/auth/token-store.js';
import { eventually } from './support/enforcement-stack.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const PROJECT = `checkout-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
configRepo: acme/policy-${s}
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 3
    repos: [acme/pay-${s}]
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [acme/ops-${s}]
projects:
  - id: ${PROJECT}
    name: Checkout
    pod: ${PAY}
    template: delivery
`;

const METRICS_TOKEN = `scrape-${'x'.repeat(24)}`;
const AUTH_LIMIT = 4;
const EXPLAIN_LIMIT = 50;

const logLines: string[] = [];
let stack: RestStack;
let payViewer: string;
let opsMember: string;

beforeAll(async () => {
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => logLines.push(chunk.toString('utf8')));
  stack = await startRestStack({
    closYml: CLOS_YML,
    explain: true,
    metricsToken: METRICS_TOKEN,
    logger: createLogger({ service: 'api', level: 'info', destination }),
    edgeLimits: { auth: { max: AUTH_LIMIT, timeWindowMs: 3_600_000 }, explain: { max: EXPLAIN_LIMIT, timeWindowMs: 3_600_000 } },
  });
  payViewer = (await stack.issue('pay viewer', { [PAY]: 'viewer' })).token;
  opsMember = (await stack.issue('ops member', { [OPS]: 'member' })).token;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const wipPage = `/why/wip/${PAY}?item=${encodeURIComponent(`gh:acme/pay-${s}#1`)}`;
const JSON_ACCEPT = { accept: 'application/json' };

describe('explanation pages', () => {
  it.each([wipPage, `/explain/stage/${PROJECT}`, `/why/config/acme/policy-${s}/abcdef1`])(
    'ask a stranger to sign in and tell nothing of %s, in HTML or JSON',
    async (path) => {
      const html = await stack.call('GET', path, { remoteAddress: '203.0.113.10' });
      expect(html.statusCode).toBe(401);
      expect(html.body).toContain('Sign in to see why');
      expect(html.body).toContain('href="/auth/github?next=%2F');
      // The only echo of the page is the sign-in link back to it, which the caller wrote itself.
      const withoutLink = html.body.replace(/href="[^"]*"/, '');
      expect(withoutLink).not.toContain(PAY);
      expect(withoutLink).not.toContain('Payments');
      expect(withoutLink).not.toMatch(/limit|holder|queue/i);
      const json = await stack.call('GET', path, { headers: JSON_ACCEPT, remoteAddress: '203.0.113.10' });
      expect(json.statusCode).toBe(401);
      expect(json.json()).toEqual({ error: { code: 'Unauthorized', message: 'sign in to see why', details: { login: expect.stringMatching(/^\/auth\/github\?next=/) } } });
    },
  );

  it('refuse a reader without a role in the pod, and a forged session cookie', async () => {
    const other = await stack.call('GET', wipPage, { token: opsMember, headers: JSON_ACCEPT });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { message: 'sign in to see why' } });
    expect(JSON.stringify(other.json())).not.toContain('state');
    expect((await stack.call('GET', `/why/stage/${PROJECT}`, { token: opsMember })).statusCode).toBe(403);
    const forged = await stack.call('GET', wipPage, { headers: { cookie: `${SESSION_COOKIE}=clos_${'A'.repeat(43)}` } });
    expect(forged.statusCode).toBe(401);
  });

  it('show the pod to a reader with a role in it: an API token or a browser session', async () => {
    const byToken = await stack.call('GET', wipPage, { token: payViewer, headers: JSON_ACCEPT });
    expect(byToken.statusCode).toBe(200);
    expect(byToken.json()).toMatchObject({ podId: PAY, state: null });
    const stage = await stack.call('GET', `/why/stage/${PROJECT}`, { token: payViewer });
    expect(stage.statusCode).toBe(200);
    expect(stage.body).toContain('Checkout');

    const link = await createLoginLink(stack.pool, { name: 'pay login', roles: { [PAY]: 'viewer' }, createdBy: 'test', now: new Date() });
    const login = await stack.call('GET', `/auth/link?token=${link.token}`);
    expect(login.statusCode).toBe(303);
    const session = login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const bySession = await stack.call('GET', wipPage, { headers: { cookie: `${SESSION_COOKIE}=${session}`, ...JSON_ACCEPT } });
    expect(bySession.statusCode).toBe(200);
  });

  it('explain only the organisation’s config repository', async () => {
    const elsewhere = await stack.call('GET', '/why/config/someone/private-repo/abcdef1', { token: payViewer, headers: JSON_ACCEPT });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.message).toContain(`acme/policy-${s}`);
    // The configured repo gets past the gate (no GitHub client here: 404 says so).
    const own = await stack.call('GET', `/why/config/acme/policy-${s}/abcdef1`, { token: payViewer, headers: JSON_ACCEPT });
    expect(own.json().error.message).toBe('GitHub is not configured');
  });
});

describe('GET /metrics', () => {
  it('refuses a scraper without the token, or with a wrong one', async () => {
    const none = await stack.call('GET', '/metrics');
    expect(none.statusCode).toBe(401);
    expect(none.body).not.toContain('clos_http_request_duration_seconds');
    expect((await stack.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).statusCode).toBe(401);
    expect((await stack.call('GET', '/metrics', { token: payViewer })).statusCode).toBe(401);
  });

  it('answers the scrape token', async () => {
    const ok = await stack.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('clos_http_request_duration_seconds');
  });
});

describe('addresses and rate limits', () => {
  it('do not let a rotating X-Forwarded-For escape the limit, and audit the real peer once', async () => {
    const peer = '198.51.100.77';
    const answers: number[] = [];
    for (let i = 0; i < AUTH_LIMIT + 3; i++) {
      const response = await stack.call('GET', `/auth/link?token=clos_${'Z'.repeat(43)}`, {
        remoteAddress: peer,
        headers: { 'x-forwarded-for': `10.9.${i}.1` },
      });
      answers.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        expect(response.json()).toMatchObject({ error: { code: 'RateLimited', details: { limit: AUTH_LIMIT, bucket: 'auth' } } });
      }
    }
    expect(answers).toEqual([...Array<number>(AUTH_LIMIT).fill(401), 429, 429, 429]);
    // Another address still gets through: the limit is per caller.
    expect((await stack.call('GET', `/auth/link?token=clos_${'Z'.repeat(43)}`, { remoteAddress: '198.51.100.78' })).statusCode).toBe(401);

    const rows = (await stack.auditRows()).filter((r) => r.action === 'auth.rate_limited' && r.details.bucket === 'auth');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'anonymous', source_ip: peer, details: { key: `ip:${peer}` } });
    const refusals = (await stack.auditRows()).filter((r) => r.action === 'auth.refused' && r.details.kind === 'login-link');
    expect(refusals.every((r) => r.source_ip === peer || r.source_ip === '198.51.100.78')).toBe(true);
  });

  it('share one budget between replicas through Postgres, webhooks and Slack included', async () => {
    // Two replicas over one database: the caller's budget of 2 is spent across both.
    const replica = () =>
      buildServer({
        healthChecks: [],
        edgeRateLimits: {
          db: stack.pool,
          limits: { webhooks: { max: 2, timeWindowMs: 3_600_000 }, slack: { max: 1, timeWindowMs: 3_600_000 } },
          audit: async (entry) => void (await appendAudit(stack.pool, entry)),
        },
      });
    const [a, b] = await Promise.all([replica(), replica()]);
    try {
      const call = (app: FastifyInstance, url: string) => app.inject({ method: 'POST', url, payload: {}, remoteAddress: '192.0.2.55' });
      // These replicas serve no webhook or Slack routes: under the limit the router answers 404.
      expect((await call(a, '/webhooks/github')).statusCode).toBe(404);
      expect((await call(b, '/webhooks/linear')).statusCode).toBe(404);
      expect((await call(a, '/webhooks/github')).statusCode).toBe(429);
      expect((await call(b, '/webhooks/github')).statusCode).toBe(429);
      expect((await call(b, '/slack/events')).statusCode).toBe(404);
      expect((await call(a, '/slack/events')).statusCode).toBe(429);
      const rows = (await stack.auditRows()).filter((r) => r.action === 'auth.rate_limited' && r.source_ip === '192.0.2.55');
      expect(rows.map((r) => r.details.bucket).sort()).toEqual(['slack', 'webhooks']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('GET /api/stream', () => {
  it('refuses a stream without a token, and ends an open one within seconds of its token being revoked elsewhere', async () => {
    const address = await stack.app.listen({ port: 0, host: '127.0.0.1' });
    const base = address.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${base}/api/stream`)).status).toBe(401);

    const watcher = await stack.issue('stream watcher', { [PAY]: 'viewer' });
    const response = await fetch(`${base}/api/stream`, { headers: { authorization: `Bearer ${watcher.token}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    })();
    await eventually('the stream to open', async () => (text.includes('retry:') ? true : undefined));
    // Revoked straight in the record, as another replica or the CLI would: no cache to drop here.
    await revokeToken(stack.pool, watcher.id);
    const revokedAt = Date.now();
    await reading;
    expect(Date.now() - revokedAt).toBeLessThan(10_000);
    expect(text).toContain('event: revoked');
    // A new request is refused once the api's short verification cache (5 s) lets go of it.
    await eventually('the revoked token to be refused', async () =>
      (await fetch(`${base}/api/stream`, { headers: { authorization: `Bearer ${watcher.token}` } })).status === 401 ? true : undefined,
    );
  }, 30_000);
});

describe('request logs', () => {
  it('hold none of the secrets a run issued: tokens, login links, session ids, OAuth codes', async () => {
    const link = await createLoginLink(stack.pool, { name: 'log login', roles: { [PAY]: 'viewer' }, createdBy: 'test', now: new Date() });
    const login = await stack.call('GET', `/auth/link?token=${link.token}&next=/why/stage/${PROJECT}`, { remoteAddress: '192.0.2.90' });
    const session = login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    await stack.call('GET', wipPage, { headers: { cookie: `${SESSION_COOKIE}=${session}` }, remoteAddress: '192.0.2.90' });
    const oauthCode = `code-${'q'.repeat(20)}`;
    const oauthState = `state-${'w'.repeat(20)}`;
    await stack.call('GET', `/auth/github/callback?code=${oauthCode}&state=${oauthState}`, { remoteAddress: '192.0.2.91' });
    await stack.call('GET', '/api/pods', { token: payViewer });
    await stack.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });

    const text = await eventually('the callback logged', async () => {
      const all = logLines.join('');
      return all.includes('/auth/github/callback') ? all : undefined;
    });
    expect(text).toContain('/auth/link?[redacted]');
    for (const secret of [link.token, session, oauthCode, oauthState, payViewer, opsMember, METRICS_TOKEN]) {
      expect(text).not.toContain(secret);
    }
  });
});
