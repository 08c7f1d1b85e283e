import { createTestDatabase } from '@clos/devstack';
import { createPool, type Queryable } from '@clos/platform';
import type pg from 'pg';
import { HitCounter } from '../src/rate-limit/hit-counter.js';

/** A replica's connection to the shared database, counting the statements it sends. */
function replicaOf(pool: pg.Pool): { db: Queryable; statements: () => number } {
  let statements = 0;
  const db: Queryable = {
    query: ((text: string, values?: unknown[]) => {
      statements += 1;
      return pool.query(text, values);
    }) as Queryable['query'],
  };
  return { db, statements: () => statements };
}

const pools: pg.Pool[] = [];
let url: string;

beforeAll(async () => {
  url = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
});

function pool(): pg.Pool {
  const created = createPool({ connectionString: url, max: 2, applicationName: 'clos-hit-counter-test' });
  pools.push(created);
  return created;
}

const RULE = { max: 100, timeWindowMs: 60_000 };
const NOW = new Date('2026-12-06T10:00:00Z');

async function sharedCount(caller: string): Promise<number | undefined> {
  const { rows } = await pools[0]!.query<{ hits: number }>(`SELECT hits FROM rate_limit_counters WHERE bucket = 'api' AND caller = $1`, [caller]);
  return rows[0]?.hits;
}

describe('HitCounter', () => {
  it('counts below the limit without a round trip per hit, and adds its hits to the shared count on sync', async () => {
    const a = replicaOf(pool());
    const counter = new HitCounter({ db: a.db, syncEveryMs: 3_600_000 });
    const seen: number[] = [];
    for (let i = 0; i < 80; i++) seen.push((await counter.hit('api', 'token:quiet', RULE, NOW)).hits);
    expect(seen).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    // The first hit learned the window; the other 79 were counted here.
    expect(a.statements()).toBe(1);
    expect(await sharedCount('token:quiet')).toBe(1);
    await counter.sync(NOW);
    expect(await sharedCount('token:quiet')).toBe(80);
    await counter.close();
  });

  it('refuses exactly past the limit across two replicas, and says which hit crossed it once', async () => {
    const a = new HitCounter({ db: replicaOf(pool()).db, syncEveryMs: 3_600_000 });
    const b = new HitCounter({ db: replicaOf(pool()).db, syncEveryMs: 3_600_000 });
    const outcomes: { hits: number; crossed: boolean }[] = [];
    const take = async (counter: HitCounter, n: number) => {
      for (let i = 0; i < n; i++) outcomes.push(await counter.hit('api', 'token:busy', RULE, NOW));
    };
    await take(a, 45);
    await take(b, 45);
    await a.sync(NOW);
    await b.sync(NOW);
    expect(await sharedCount('token:busy')).toBe(90);
    // A learns the others' hits with its next sync.
    await take(a, 1);
    await a.sync(NOW);
    expect(await sharedCount('token:busy')).toBe(91);
    // Within the headroom (10 of 100) every hit is counted in the shared table, in turn.
    for (let i = 0; i < 8; i++) await take(i % 2 === 0 ? a : b, 2);
    expect(await sharedCount('token:busy')).toBe(107);
    const last16 = outcomes.slice(-16);
    expect(last16.map((o) => o.hits)).toEqual(Array.from({ length: 16 }, (_, i) => 92 + i));
    expect(last16.filter((o) => o.hits > RULE.max)).toHaveLength(7);
    expect(outcomes.filter((o) => o.crossed).map((o) => o.hits)).toEqual([101]);
    await Promise.all([a.close(), b.close()]);
  });

  it('carries hits counted alone into the statement that counts near the limit', async () => {
    const counter = new HitCounter({ db: replicaOf(pool()).db, syncEveryMs: 3_600_000 });
    const small = { max: 30, timeWindowMs: 60_000 };
    // Headroom 10: hits 2..20 are counted here, hit 21 takes them all to the shared table.
    for (let i = 0; i < 20; i++) await counter.hit('api', 'token:carry', small, NOW);
    expect(await sharedCount('token:carry')).toBe(1);
    expect(await counter.hit('api', 'token:carry', small, NOW)).toMatchObject({ hits: 21, crossed: false });
    expect(await sharedCount('token:carry')).toBe(21);
    await counter.close();
  });

  it('starts a new window once the old one ends, dropping what was counted in it', async () => {
    const counter = new HitCounter({ db: replicaOf(pool()).db, syncEveryMs: 3_600_000 });
    const short = { max: 100, timeWindowMs: 1_000 };
    for (let i = 0; i < 5; i++) await counter.hit('api', 'token:window', short, NOW);
    const later = new Date(NOW.getTime() + 1_500);
    expect(await counter.hit('api', 'token:window', short, later)).toMatchObject({ hits: 1, resetAt: new Date(later.getTime() + 1_000) });
    await counter.sync(later);
    expect(await sharedCount('token:window')).toBe(1);
    await counter.close();
  });
});
