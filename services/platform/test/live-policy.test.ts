import { parseClosConfig, type ClosConfig } from '@clos/domain';
import { createTestDatabase } from '@clos/devstack';
import type pg from 'pg';
import { createPool } from '../src/db/pool.js';
import { LivePolicy } from '../src/policy/live-policy.js';
import { publishPolicy, readLatestPolicy } from '../src/policy/policy-store.js';

const FILE = `
org: acme
timezone: UTC
pods:
  - id: payments
    name: Payments
    wipLimit: 3
    repos: [acme/payments]
    members:
      - github: alice
        role: lead
      - github: bob
        role: member
`;

/** Resolves once `check` holds, polling every 20 ms; fails after `ms`. */
async function waitFor(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

function withLimit(config: ClosConfig, limit: number): ClosConfig {
  return { ...config, pods: config.pods.map((p) => ({ ...p, wipLimit: limit })) };
}

describe('live policy in Postgres', () => {
  let url: string;
  // One pool per "process": each follower has its own connections, as separate processes would.
  const pools: pg.Pool[] = [];
  const live: LivePolicy[] = [];
  const pool = () => {
    const p = createPool({ connectionString: url, max: 4 });
    pools.push(p);
    return p;
  };
  const start = async (seed = true) => {
    const policy = await LivePolicy.start({ pool: pool(), ...(seed ? { seed: { config: parseClosConfig(FILE, 'clos.yml'), text: FILE } } : {}) });
    live.push(policy);
    return policy;
  };

  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(async () => {
    for (const policy of live) await policy.stop();
    for (const p of pools) await p.end();
  });

  it('seeds version 1 from the file once, however many processes boot with it', async () => {
    const [api, processor, worker] = await Promise.all([start(), start(), start()]);
    expect([api.version(), processor.version(), worker.version()]).toEqual([1, 1, 1]);
    const { rows } = await pools[0]!.query('SELECT version, source FROM policy_versions');
    expect(rows).toEqual([{ version: '1', source: 'file' }]);
    expect(processor.current().pods[0]!.wipLimit).toBe(3);
  });

  it('a change published by one process reaches the others within 2 s, audited with its version and diff', async () => {
    const [api, processor, worker] = live;
    const outcome = await api!.publish({ config: withLimit(api!.current(), 2), source: 'api', actor: 'token:t1', reason: 'focus' });
    expect(outcome).toMatchObject({ status: 'published', version: 2, previous: 1 });
    expect(api!.version()).toBe(2);
    const tookMs = await waitFor(() => processor!.version() === 2 && worker!.version() === 2, 2_000);
    expect(tookMs).toBeLessThan(2_000);
    expect(processor!.current().pods[0]!.wipLimit).toBe(2);
    expect(worker!.current().pods[0]!.wipLimit).toBe(2);

    const audit = await pools[0]!.query<{ actor: string; target: string; details: Record<string, unknown> }>(
      `SELECT actor, target, details FROM audit_log WHERE action = 'policy.change' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.target)).toEqual(['policy:1', 'policy:2']);
    expect(audit.rows[1]).toMatchObject({
      actor: 'token:t1',
      details: { version: 2, previous: 1, source: 'api', reason: 'focus', diff: [{ path: 'pods[payments].wipLimit', from: 3, to: 2 }] },
    });
    // The relational mirror moved in the same transaction.
    const pod = await pools[0]!.query(`SELECT wip_limit FROM pods WHERE id = 'payments'`);
    expect(pod.rows[0]).toEqual({ wip_limit: 2 });
  });

  it('publishing what is already in force adds no version', async () => {
    const [api] = live;
    const outcome = await publishPolicy(pools[0]!, { config: api!.current(), source: 'api', actor: 'token:t1' });
    expect(outcome).toEqual({ status: 'unchanged', version: 2 });
  });

  it('a member removed by a push is gone from every process and the mirror', async () => {
    const [api, processor] = live;
    const config = api!.current();
    const withoutBob = { ...config, pods: config.pods.map((p) => ({ ...p, members: p.members.filter((m) => m.github !== 'bob') })) };
    const outcome = await publishPolicy(pools[1]!, {
      config: withoutBob,
      source: 'push',
      actor: 'push:acme/platform',
      commitSha: 'abc1234',
      pushedAt: '2026-12-05T10:00:00Z',
    });
    expect(outcome).toMatchObject({ status: 'published', version: 3, diff: [{ path: 'pods[payments].members[bob]' }] });
    // Each process hears of the version on its own connection: wait for all of them.
    await waitFor(() => live.every((holder) => holder.version() === 3), 10_000);
    expect(api!.current().pods[0]!.members.map((m) => m.github)).toEqual(['alice']);
    expect(processor!.current().pods[0]!.members.map((m) => m.github)).toEqual(['alice']);
    const people = await pools[0]!.query(`SELECT person_id FROM memberships ORDER BY person_id`);
    expect(people.rows).toEqual([{ person_id: 'alice' }]);
  });

  it('an older push arriving late does not roll the policy back', async () => {
    const [api] = live;
    const outcome = await publishPolicy(pools[0]!, {
      config: withLimit(api!.current(), 9),
      source: 'push',
      actor: 'push:acme/platform',
      commitSha: 'old0000',
      pushedAt: '2026-12-05T09:00:00Z',
    });
    expect(outcome).toEqual({ status: 'stale', version: 3 });
  });

  it('a restart with the same deploy-time file boots the latest version, not the file', async () => {
    const restarted = await start();
    expect(restarted.version()).toBe(3);
    expect(restarted.current().pods[0]!.wipLimit).toBe(2);
    expect(restarted.current().pods[0]!.members).toHaveLength(1);
    // And a process with no file at all boots from the database.
    const bare = await start(false);
    expect(bare.version()).toBe(3);
  });

  it('a deploy shipping a new file publishes it as the next version', async () => {
    const newer = FILE.replace('wipLimit: 3', 'wipLimit: 5');
    const policy = await LivePolicy.start({ pool: pool(), seed: { config: parseClosConfig(newer, 'clos.yml'), text: newer } });
    live.push(policy);
    expect(policy.version()).toBe(4);
    expect(policy.current().pods[0]!.wipLimit).toBe(5);
    await waitFor(() => live[0]!.version() === 4, 2_000);
    expect((await readLatestPolicy(pools[0]!))?.source).toBe('file');
  });
});
