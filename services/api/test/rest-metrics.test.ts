import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { createLogger } from '@clos/platform';
import { buildServer } from '../src/server.js';
import { eventually } from './support/enforcement-stack.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

const s = uniqueSuffix();
const PAY = `pay-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 3
    repos: [acme/pay-${s}]
`;

const LIMIT = 5;
let stack: RestStack;

beforeAll(async () => {
  // In-process calls come from 127.0.0.1: trusting it as the proxy lets X-Forwarded-For name callers.
  stack = await startRestStack({ closYml: CLOS_YML, rateLimit: { max: LIMIT, timeWindowMs: 60_000 }, trustedProxies: ['127.0.0.1'] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function insertEvent(source: string, type: string, status: string, podId?: string): Promise<void> {
  await stack.pool.query(
    `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status, locked_until)
     VALUES ($1, $2, $3, now(), now(), $4, $4, $5, '{}', $6, CASE WHEN $6 = 'processing' THEN now() END)`,
    [randomUUID(), type, source, randomUUID(), JSON.stringify(podId ? { podId } : {}), status],
  );
}

/** The value of one series in Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('rate limits', () => {
  it('answers 429 once a token spends its budget, with Retry-After, and leaves other tokens alone', async () => {
    const busy = (await stack.issue('busy', { [PAY]: 'viewer' })).token;
    const calm = (await stack.issue('calm', { [PAY]: 'viewer' })).token;
    for (let i = 0; i < LIMIT; i++) {
      const ok = await stack.call('GET', '/api/pods', { token: busy });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1 - i));
    }
    const limited = await stack.call('GET', '/api/pods', { token: busy });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'RateLimited', details: { limit: LIMIT } } });

    expect((await stack.call('GET', '/api/pods', { token: calm })).statusCode).toBe(200);
  });

  it('limits callers without a valid token by address, before telling them 401', async () => {
    const from = { 'x-forwarded-for': '198.51.100.7' };
    for (let i = 0; i < LIMIT; i++) expect((await stack.call('GET', '/api/pods', { headers: from })).statusCode).toBe(401);
    expect((await stack.call('GET', '/api/pods', { headers: { ...from, authorization: `Bearer clos_${'B'.repeat(43)}` } })).statusCode).toBe(429);
    expect((await stack.call('GET', '/api/pods', { headers: { 'x-forwarded-for': '198.51.100.8' } })).statusCode).toBe(401);
  });

  it('records the first refusal of each caller in the audit log', async () => {
    // The refusal is answered without waiting for its audit entry, so the entries land shortly
    // after the answers: wait for them, then check there is one per caller, not one per refusal.
    const rows = await eventually('two rate-limit audit entries', async () => {
      const found = (await stack.auditRows()).filter((r) => r.action === 'auth.rate_limited');
      return found.length >= 2 ? found : undefined;
    });
    expect(rows).toHaveLength(2);
    const byToken = rows.find((r) => r.actor.startsWith('token:'));
    const anonymous = rows.find((r) => r.actor === 'anonymous');
    expect(byToken).toBeDefined();
    expect(anonymous).toMatchObject({ source_ip: '198.51.100.7', details: { key: 'ip:198.51.100.7' } });
  });
});

describe('GET /metrics', () => {
  it('exposes request latency histograms, refusals, and the event counters from the log', async () => {
    for (const [source, status] of [
      ['github', 'done'],
      ['github', 'done'],
      ['github', 'dead'],
      ['linear', 'pending'],
      ['linear', 'processing'],
    ]) {
      await insertEvent(source!, 'pr.opened', status!);
    }
    await insertEvent('clos', 'stage.advance_refused', 'done', PAY);
    await insertEvent('clos', 'stage.advance_refused', 'done', PAY);
    await insertEvent('clos', 'stage.escalated', 'done', PAY);
    const token = (await stack.issue('scraper', { [PAY]: 'viewer' })).token;
    await stack.call('GET', `/api/pods/${PAY}`, { token });
    await stack.call('GET', `/api/projects/nope`);

    const response = await stack.call('GET', '/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;

    expect(text).toContain('# TYPE clos_http_request_duration_seconds histogram');
    expect(sample(text, 'clos_http_request_duration_seconds_count{method="GET",route="/api/pods/:podId",status_code="200"}')).toBe(1);
    expect(sample(text, 'clos_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/pods/:podId",status_code="200"}')).toBe(1);
    expect(sample(text, 'clos_http_request_duration_seconds_count{method="GET",route="/api/pods",status_code="429"}')).toBeGreaterThanOrEqual(1);

    expect(sample(text, 'clos_auth_refusals_total{reason="missing"}')).toBeGreaterThanOrEqual(LIMIT + 2);
    expect(sample(text, 'clos_rate_limited_total')).toBe(2);

    expect(sample(text, 'clos_events_ingested_total{source="github"}')).toBe(3);
    expect(sample(text, 'clos_events_processed_total{source="github"}')).toBe(2);
    expect(sample(text, 'clos_events_failed_total{source="github"}')).toBe(1);
    expect(sample(text, 'clos_events_backlog{source="linear"}')).toBe(2);
    expect(sample(text, `clos_gate_failures_total{pod="${PAY}"}`)).toBe(2);
    expect(sample(text, `clos_escalations_total{pod="${PAY}"}`)).toBe(1);
  });
});

describe('request logs', () => {
  it('carry the correlation id: a webhook delivery\'s, or the caller\'s', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const app = await buildServer({ healthChecks: [], logger: createLogger({ service: 'api', destination: stream }) });
    try {
      await app.inject({ method: 'GET', url: '/missing', headers: { 'x-correlation-id': 'trace-77' } });
      await app.inject({ method: 'POST', url: '/nowhere', headers: { 'x-github-delivery': 'd-1' } });
    } finally {
      await app.close();
    }
    const ids = new Set(lines.map((l) => l.correlationId));
    expect(ids).toContain('trace-77');
    expect(ids).toContain('github:d-1');
    expect(lines.find((l) => l.correlationId === 'trace-77')).toMatchObject({ service: 'api', req: expect.objectContaining({ url: '/missing' }) });
  });
});
