import { randomUUID } from 'node:crypto';
import { parseClosConfig } from '@clos/domain';
import { syncConfigToDb } from '@clos/platform';
import { ConfigHolder } from '@clos/processor';
import type { FastifyInstance } from 'fastify';
import { createApiMetrics } from '../src/metrics/api-metrics.js';
import { LISTING_CHANNEL } from '../src/rest/cache/listing-change-feed.js';
import { EVENT_LOG_CHANNEL } from '../src/rest/stream/event-stream-hub.js';
import { buildServer } from '../src/server.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';
import { eventually } from './support/eventually.js';

const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;

const closYml = (payName: string) => `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: ${payName}
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

// Far longer than any test waits: an answer that changes did so because a change was heard.
const LONG_TTL_MS = 10 * 60_000;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let stack: RestStack;
let replica: FastifyInstance;
let admin: string;
let payViewer: string;
let payViewer2: string;
let opsViewer: string;

async function insertEvent(pod: string, type = 'pr.opened'): Promise<string> {
  const id = randomUUID();
  await stack.pool.query(
    `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status)
     VALUES ($1, $2, 'github', now(), now(), $3, $3, $4, '{"secret":"p"}', 'done')`,
    [id, type, `delivery-${id}`, JSON.stringify({ podId: pod })],
  );
  return id;
}

async function get<T>(app: FastifyInstance, url: string, token: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  expect(response.statusCode).toBe(200);
  return response.json<T>();
}

const eventIds = async (app: FastifyInstance, token: string): Promise<string[]> =>
  (await get<Page<{ id: string }>>(app, '/api/events?limit=200', token)).items.map((e) => e.id);

beforeAll(async () => {
  stack = await startRestStack({ closYml: closYml('Payments'), readCacheMs: LONG_TTL_MS });
  // A second replica on the same database: it hears changes only through Postgres.
  const config = new ConfigHolder(parseClosConfig(closYml('Payments'), 'clos.yml'));
  const metrics = createApiMetrics({ db: stack.pool, temporal: stack.temporal, config, defaultMetrics: false, cacheMs: 0 });
  replica = await buildServer({ healthChecks: [], metrics, rest: { pool: stack.pool, temporal: stack.temporal, config, metrics, readCacheMs: LONG_TTL_MS } });
  await replica.ready();
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
  payViewer = (await stack.issue('pay viewer', { [PAY]: 'viewer' })).token;
  payViewer2 = (await stack.issue('pay viewer 2', { [PAY]: 'viewer' })).token;
  opsViewer = (await stack.issue('ops viewer', { [OPS]: 'viewer' })).token;
  await insertEvent(PAY);
  await insertEvent(OPS);
});

afterAll(async () => {
  await replica?.close();
  await stack?.close();
});

describe('cached reads', () => {
  it('serve a repeated listing from the cache, and the new one on every replica once an event lands', async () => {
    // Both replicas listen (and so cache) before the test goes on.
    await eventually('both replicas listening', async () => {
      const { rows } = await stack.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
        [`LISTEN ${EVENT_LOG_CHANNEL}; LISTEN ${LISTING_CHANNEL}`],
      );
      return (rows[0]?.n ?? 0) >= 2 ? true : undefined;
    });
    const before = await eventIds(stack.app, admin);
    expect(await eventIds(replica, admin)).toEqual(before);

    // An event written without telling anyone (its notify trigger off) is not seen: the answer is cached.
    await stack.pool.query('ALTER TABLE events DISABLE TRIGGER events_notify_appended');
    const unheard = await insertEvent(PAY);
    await stack.pool.query('ALTER TABLE events ENABLE TRIGGER events_notify_appended');
    expect(await eventIds(stack.app, admin)).toEqual(before);
    expect(await eventIds(replica, admin)).toEqual(before);

    // The next event, written as the processor or the worker writes one, reaches both replicas.
    const heard = await insertEvent(OPS);
    for (const app of [stack.app, replica]) {
      const ids = await eventually('the new event listed', async () => {
        const now = await eventIds(app, admin);
        return now.includes(heard) ? now : undefined;
      });
      expect(ids.slice(0, 2).sort()).toEqual([heard, unheard].sort());
    }
  });

  it('leave payloads out of a listing unless asked', async () => {
    const plain = await get<Page<{ payload?: unknown }>>(stack.app, '/api/events?limit=5', admin);
    expect(plain.items.length).toBeGreaterThan(0);
    expect(plain.items.every((e) => !('payload' in e))).toBe(true);
    const full = await get<Page<{ payload?: unknown }>>(stack.app, '/api/events?limit=5&include=payload', admin);
    expect(full.items[0]?.payload).toEqual({ secret: 'p' });
  });

  it('never answer one scope with another scope’s listing', async () => {
    // Each caller in turn, the narrow ones first so a leak would show.
    const payEvents = await get<Page<{ subject: { podId?: string } }>>(stack.app, '/api/events?limit=200', payViewer);
    const opsEvents = await get<Page<{ subject: { podId?: string } }>>(stack.app, '/api/events?limit=200', opsViewer);
    const allEvents = await get<Page<{ subject: { podId?: string } }>>(stack.app, '/api/events?limit=200', admin);
    expect(new Set(payEvents.items.map((e) => e.subject.podId))).toEqual(new Set([PAY]));
    expect(new Set(opsEvents.items.map((e) => e.subject.podId))).toEqual(new Set([OPS]));
    expect(new Set(allEvents.items.map((e) => e.subject.podId))).toEqual(new Set([PAY, OPS]));
    // Another token of the same scope is answered the same listing.
    expect(await get(stack.app, '/api/events?limit=200', payViewer2)).toEqual(payEvents);

    for (const app of [stack.app, replica]) {
      const podsOf = async (token: string) => (await get<Page<{ id: string }>>(app, '/api/pods', token)).items.map((p) => p.id);
      expect(await podsOf(opsViewer)).toEqual([OPS]);
      expect(await podsOf(payViewer)).toEqual([PAY]);
      expect((await podsOf(admin)).sort()).toEqual([OPS, PAY].sort());
    }
  });

  it('answer search per caller: pods in scope, and private documents of their own only', async () => {
    const word = `zebra${s.replace(/[^a-z]/g, '')}`;
    await stack.pool.query(
      `INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, occurred_at)
       VALUES ('decision', $1, $2, NULL, $4, '', now()), ('decision', $3, $5, NULL, $4, '', now())`,
      [`pay-${s}`, PAY, `ops-${s}`, word, OPS],
    );
    const hits = async (app: FastifyInstance, token: string) =>
      (await get<Page<{ podId: string | null }>>(app, `/api/search?q=${word}`, token)).items.map((h) => h.podId);
    await eventually('the documents indexed and heard', async () => ((await hits(stack.app, admin)).length === 2 ? true : undefined));
    expect(await hits(stack.app, opsViewer)).toEqual([OPS]);
    expect(await hits(stack.app, payViewer)).toEqual([PAY]);
    expect((await hits(stack.app, admin)).sort()).toEqual([OPS, PAY].sort());

    // A private document (a check-in note) of alice: hers alone, though others share her scope.
    const alice = (await stack.issue('alice', { [PAY]: 'viewer' }, null, 'alice')).token;
    await stack.pool.query(
      `INSERT INTO search_documents (kind, source_id, pod_id, owner_person_id, title, body, occurred_at)
       VALUES ('checkin', $1, $2, 'alice', $3, '', now())`,
      [`alice-${s}`, PAY, word],
    );
    await eventually('the private document heard', async () => ((await hits(stack.app, alice)).length === 2 ? true : undefined));
    expect(await hits(stack.app, payViewer)).toEqual([PAY]);
    expect(await hits(replica, payViewer2)).toEqual([PAY]);
  });

  it('answer the pods listing anew on every replica once the policy changes the pods', async () => {
    const names = async (app: FastifyInstance) => (await get<Page<{ id: string; name: string }>>(app, '/api/pods', admin)).items.find((p) => p.id === PAY)?.name;
    expect(await names(stack.app)).toBe('Payments');
    expect(await names(replica)).toBe('Payments');
    await syncConfigToDb(stack.pool, parseClosConfig(closYml('Payments and Billing'), 'clos.yml'));
    for (const app of [stack.app, replica]) {
      await eventually('the renamed pod listed', async () => ((await names(app)) === 'Payments and Billing' ? true : undefined));
    }
  });
});
