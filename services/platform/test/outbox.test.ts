import { createTestDatabase } from '@clos/devstack';
import type { DomainEvent } from '@clos/domain';
import type pg from 'pg';
import { CLAIM_EVENTS_SQL } from '../src/bus/outbox-consumer.js';
import { createPool, OutboxBus, OutboxConsumer, requeueDeadEvents } from '../src/index.js';
import { eventually, prOpened } from './support/events.js';

interface EventRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  processed_at: Date | null;
}

describe('Postgres outbox bus', () => {
  let pool: pg.Pool;
  const consumers: OutboxConsumer[] = [];
  const pools: pg.Pool[] = [];
  let url: string;

  beforeEach(async () => {
    url = await createTestDatabase();
    pool = createPool({ connectionString: url, max: 12 });
    pools.push(pool);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await Promise.all(pools.splice(0).map((p) => p.end()));
  });

  function consumer(options: Partial<ConstructorParameters<typeof OutboxConsumer>[0]> = {}): OutboxConsumer {
    const c = new OutboxConsumer({ pool, pollIntervalMs: 100, backoff: { baseMs: 10, maxMs: 50 }, ...options });
    consumers.push(c);
    return c;
  }

  async function rows(): Promise<EventRow[]> {
    const result = await pool.query<EventRow>('SELECT id, status, attempts, last_error, processed_at FROM events ORDER BY seq');
    return result.rows;
  }

  it('stores the envelope and ignores a second publish of the same id', async () => {
    const bus = new OutboxBus({ db: pool });
    const event = prOpened(1, { subject: { podId: 'payments', projectId: 'checkout-v2', workItemId: 'gh:acme/payments-api#1' } });
    await bus.publish([event]);
    await bus.publish([event]);
    const { rows: stored } = await pool.query(
      'SELECT id, type, source, delivery_id, pod_id, project_id, work_item_id, payload, status FROM events',
    );
    expect(stored).toEqual([
      {
        id: event.id,
        type: 'pr.opened',
        source: 'github',
        delivery_id: event.deliveryId,
        pod_id: 'payments',
        project_id: 'checkout-v2',
        work_item_id: 'gh:acme/payments-api#1',
        payload: event.payload,
        status: 'pending',
      },
    ]);
  });

  it('refuses an event that does not match the catalogue, naming the problem', async () => {
    const bus = new OutboxBus({ db: pool });
    await expect(bus.publish([{ ...prOpened(2), type: 'pr.exploded' } as unknown as DomainEvent])).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('pr.exploded'),
    });
    await expect(bus.publish([{ ...prOpened(3), id: 'not-a-uuid' }])).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('events[0].id'),
    });
    expect(await rows()).toEqual([]);
  });

  it('delivers every event, including those published while it sleeps (LISTEN/NOTIFY)', async () => {
    const bus = new OutboxBus({ db: pool });
    const seen: DomainEvent[] = [];
    // A poll interval far beyond the test's patience: only NOTIFY can wake it.
    const c = consumer({ pollIntervalMs: 60_000 });
    c.start(async (e) => {
      seen.push(e);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = [prOpened(10), prOpened(11), prOpened(12)];
    await bus.publish(events);
    await eventually(() => seen.length === 3, 5_000, 'three deliveries');
    expect(seen.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(seen.find((e) => e.id === events[0]!.id)).toEqual(events[0]);
    await eventually(async () => (await rows()).every((r) => r.status === 'done'), 5_000, 'rows marked done');
    expect((await rows()).every((r) => r.attempts === 1 && r.processed_at !== null)).toBe(true);
  });

  it('retries a failed handler until it succeeds (at least once)', async () => {
    const bus = new OutboxBus({ db: pool });
    const flaky = prOpened(20);
    let calls = 0;
    const c = consumer();
    c.start(async () => {
      calls += 1;
      if (calls < 3) throw new Error(`transient failure ${calls}`);
    });
    await bus.publish([flaky]);
    await eventually(async () => (await rows())[0]?.status === 'done', 10_000, 'the flaky event to be done');
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(calls).toBe(3);
  });

  it('takes over the events of a consumer that died mid-handler once its lease runs out', async () => {
    const bus = new OutboxBus({ db: pool });
    const events = [prOpened(30), prOpened(31)];
    await bus.publish(events);
    // What a crashed consumer leaves behind: claimed, lease already expired.
    await pool.query(
      `UPDATE events SET status = 'processing', attempts = 1, locked_until = now() - interval '1 second'`,
    );
    const seen: string[] = [];
    consumer().start(async (e) => {
      seen.push(e.id);
    });
    await eventually(() => seen.length === 2, 10_000, 'the orphaned events');
    await eventually(async () => (await rows()).every((r) => r.status === 'done'), 5_000, 'rows marked done');
    expect((await rows()).map((r) => r.attempts)).toEqual([2, 2]);
  });

  it('claims from the ready and lease indexes without sorting the backlog', async () => {
    // 20,000 waiting, some done, some leased out with their lease run out.
    await pool.query(
      `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, status, locked_until)
       SELECT gen_random_uuid(), 'pr.opened', 'github', now(), now(), 'backlog-' || g, 'backlog',
              CASE WHEN g % 500 = 0 THEN 'processing' WHEN g % 4 = 0 THEN 'done' ELSE 'pending' END,
              CASE WHEN g % 500 = 0 THEN now() - interval '1 minute' END
       FROM generate_series(1, 20000) AS g`,
    );
    await pool.query('ANALYZE events');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${CLAIM_EVENTS_SQL}`, [4, 60_000]);
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toContain('events_ready_idx');
      expect(text).toContain('events_leased_idx');
      expect(text).not.toMatch(/Seq Scan|Bitmap/);
      // No step handles more than the candidates (4 ready + 4 expired), never the backlog.
      const stepRows = [...text.matchAll(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/g)].map((m) => Number(m[1]));
      expect(stepRows.length).toBeGreaterThan(0);
      expect(Math.max(...stepRows)).toBeLessThanOrEqual(8);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('never hands one event to two consumers at once, across pools', async () => {
    const bus = new OutboxBus({ db: pool });
    const events = Array.from({ length: 120 }, (_, i) => prOpened(100 + i));
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const handled = new Map<string, number>();
    const handler = async (e: DomainEvent): Promise<void> => {
      if (inFlight.has(e.id)) overlaps.push(e.id);
      inFlight.add(e.id);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      inFlight.delete(e.id);
      handled.set(e.id, (handled.get(e.id) ?? 0) + 1);
    };
    for (let i = 0; i < 3; i += 1) {
      const own = createPool({ connectionString: url, max: 6 });
      pools.push(own);
      const c = new OutboxConsumer({ pool: own, concurrency: 4, pollIntervalMs: 50 });
      consumers.push(c);
      c.start(handler);
    }
    await Promise.all([bus.publish(events.slice(0, 60)), bus.publish(events.slice(60))]);
    await eventually(() => handled.size === events.length, 30_000, 'all events handled');
    await eventually(async () => (await rows()).every((r) => r.status === 'done'), 5_000, 'rows marked done');
    expect(overlaps).toEqual([]);
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
  });

  it('parks a poison event as dead after maxAttempts while the others flow', async () => {
    const bus = new OutboxBus({ db: pool });
    const poison = prOpened(40);
    const good = Array.from({ length: 10 }, (_, i) => prOpened(41 + i));
    const handled: string[] = [];
    let poisonCalls = 0;
    consumer({ maxAttempts: 3, concurrency: 2 }).start(async (e) => {
      if (e.id === poison.id) {
        poisonCalls += 1;
        throw new Error('cannot handle this one');
      }
      handled.push(e.id);
    });
    await bus.publish([poison, ...good]);
    await eventually(() => handled.length === good.length, 10_000, 'the good events');
    await eventually(
      async () => (await rows()).find((r) => r.id === poison.id)?.status === 'dead',
      10_000,
      'the poison event to be dead',
    );
    const dead = (await rows()).find((r) => r.id === poison.id)!;
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, processed_at: null });
    expect(dead.last_error).toContain('cannot handle this one');
    expect(poisonCalls).toBe(3);
    // Dead stays dead: it is not handed out again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(poisonCalls).toBe(3);

    // Once fixed, an operator puts it back in line.
    expect(await requeueDeadEvents(pool, [poison.id])).toBe(1);
    await eventually(() => poisonCalls === 4, 5_000, 'the requeued event');
  });

  it('with retryForMs, retries a failing event past maxAttempts while it is young and parks it only past its TTL', async () => {
    const bus = new OutboxBus({ db: pool });
    const young = prOpened(60);
    const old = prOpened(61, { receivedAt: new Date(Date.now() - 2 * 60 * 60_000).toISOString() });
    const calls = new Map<string, number>();
    consumer({ maxAttempts: 2, retryForMs: 60 * 60_000 }).start(async (e) => {
      const n = (calls.get(e.id) ?? 0) + 1;
      calls.set(e.id, n);
      // The young event's vendor is down for six tries, three times maxAttempts; the old one's never recovers.
      if (e.id === old.id || n <= 6) throw new Error('vendor unavailable');
    });
    await bus.publish([young, old]);
    await eventually(async () => (await rows()).find((r) => r.id === young.id)?.status === 'done', 15_000, 'the young event handled');
    await eventually(async () => (await rows()).find((r) => r.id === old.id)?.status === 'dead', 15_000, 'the old event dead');
    const byId = new Map((await rows()).map((r) => [r.id, r]));
    expect(byId.get(young.id)).toMatchObject({ status: 'done', attempts: 7, last_error: null });
    expect(calls.get(young.id)).toBe(7);
    // Past its TTL on the first failure: dead at once, not after maxAttempts.
    expect(byId.get(old.id)).toMatchObject({ status: 'dead', attempts: 1 });
    expect(byId.get(old.id)!.last_error).toContain('vendor unavailable');
  });

  it('parks an unparseable row as dead at once', async () => {
    await pool.query(
      `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload)
       VALUES (gen_random_uuid(), 'pr.opened', 'github', now(), now(), 'd', 'c', '{}', '{"pullRequest": {"number": "x"}}')`,
    );
    const calls: string[] = [];
    consumer().start(async (e) => {
      calls.push(e.id);
    });
    await eventually(async () => (await rows())[0]?.status === 'dead', 5_000, 'the bad row to be dead');
    const [row] = await rows();
    expect(row!.attempts).toBe(1);
    expect(row!.last_error).toContain('payload.pullRequest');
    expect(calls).toEqual([]);
  });

  it('publishes atomically inside a caller transaction', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await new OutboxBus({ db: client }).publish([prOpened(60)]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await rows()).toEqual([]);
  });
});
