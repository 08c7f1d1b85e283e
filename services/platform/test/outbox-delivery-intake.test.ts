import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@clos/devstack';
import type pg from 'pg';
import { createPool, OutboxDeliveryIntake, type DeliveryToAccept } from '../src/index.js';
import { prOpened } from './support/events.js';

describe('outbox delivery intake', () => {
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = createPool({ connectionString: await createTestDatabase(), max: 8 });
  });
  afterAll(async () => {
    await pool?.end();
  });

  const delivery = (id: string = randomUUID(), body: string = randomUUID(), number = 1): DeliveryToAccept => ({
    deliveryKey: `webhook:github:${id}`,
    replayGuard: { key: `webhook:github:body:${body}`, holder: id },
    events: [prOpened(number, { deliveryId: id })],
    ttlDays: 8,
  });
  const logged = async (deliveryId: string): Promise<number> =>
    (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE delivery_id = $1', [deliveryId])).rows[0]!.n;

  it('accepts a delivery with its events, and answers a redelivery as a duplicate that writes nothing', async () => {
    const first = delivery();
    expect(await new OutboxDeliveryIntake({ db: pool }).accept(first)).toEqual({ kind: 'accepted' });
    const again = { ...first, events: [prOpened(1, { deliveryId: first.replayGuard!.holder })] };
    expect(await new OutboxDeliveryIntake({ db: pool }).accept(again)).toEqual({ kind: 'duplicate' });
    expect(await logged(first.replayGuard!.holder)).toBe(1);
  });

  it('refuses the same body under another delivery id, claiming nothing for it', async () => {
    const intake = new OutboxDeliveryIntake({ db: pool });
    const body = randomUUID();
    const original = delivery(randomUUID(), body);
    const replay = delivery(randomUUID(), body);
    expect(await intake.accept(original)).toEqual({ kind: 'accepted' });
    expect(await intake.accept(replay)).toEqual({ kind: 'replayed', acceptedAs: original.replayGuard!.holder });
    expect(await logged(replay.replayGuard!.holder)).toBe(0);
    const claimed = await pool.query('SELECT 1 FROM delivery_claims WHERE key = $1', [replay.deliveryKey]);
    expect(claimed.rowCount).toBe(0);
  });

  it('takes concurrent deliveries in shared statements, and exactly one of concurrent duplicates', async () => {
    const intake = new OutboxDeliveryIntake({ db: pool, maxInFlight: 1 });
    const distinct = Array.from({ length: 40 }, (_, i) => delivery(randomUUID(), randomUUID(), 100 + i));
    const id = randomUUID();
    const body = randomUUID();
    const copies = Array.from({ length: 5 }, () => delivery(id, body, 7));
    const outcomes = await Promise.all([...distinct, ...copies].map((d) => intake.accept(d)));
    expect(outcomes.slice(0, 40).every((o) => o.kind === 'accepted')).toBe(true);
    expect(outcomes.slice(40).map((o) => o.kind).sort()).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await logged(id)).toBe(1);
    for (const d of distinct) expect(await logged(d.replayGuard!.holder)).toBe(1);
  });

  it('takes over a claim past its expiry', async () => {
    const intake = new OutboxDeliveryIntake({ db: pool });
    const first = delivery();
    expect(await intake.accept(first)).toEqual({ kind: 'accepted' });
    await pool.query(`UPDATE delivery_claims SET expires_at = now() - interval '1 second' WHERE key = ANY($1)`, [[first.deliveryKey, first.replayGuard!.key]]);
    const later = delivery(randomUUID(), first.replayGuard!.key.split(':').pop()!);
    expect(await intake.accept(later)).toEqual({ kind: 'accepted' });
  });

  it('fails every delivery of a statement the database refuses, claiming none', async () => {
    const refusing = { query: () => Promise.reject(new Error('connection refused')) } as unknown as pg.Pool;
    const intake = new OutboxDeliveryIntake({ db: refusing });
    const d = delivery();
    await expect(intake.accept(d)).rejects.toThrow('connection refused');
    expect((await pool.query('SELECT 1 FROM delivery_claims WHERE key = $1', [d.deliveryKey])).rowCount).toBe(0);
  });
});
