import { join } from 'node:path';
import { createTestDatabase, findRepoRoot } from '@clos/devstack';
import { createPool } from '@clos/platform';
import type pg from 'pg';
import { LARGE_ORG_ID } from '../src/seed/large-org.js';
import { DEMO_PLAN, largePlan, seedDatabase } from '../src/seed/seed.js';

let pool: pg.Pool;

beforeAll(async () => {
  pool = createPool({ connectionString: await createTestDatabase(), max: 2, applicationName: 'clos-seed-test' });
});

afterAll(async () => {
  await pool?.end();
});

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, values);
  return Number(rows[0]!.n);
}

/** Row counts of the large org's tables (the demo org shares the database). */
async function largeCounts() {
  const pods = `(SELECT id FROM pods WHERE org_id = '${LARGE_ORG_ID}')`;
  return {
    pods: await count(`SELECT count(*) AS n FROM pods WHERE org_id = $1`, [LARGE_ORG_ID]),
    projects: await count(`SELECT count(*) AS n FROM projects WHERE pod_id IN ${pods}`),
    events: await count(`SELECT count(*) AS n FROM events WHERE pod_id IN ${pods}`),
    deployments: await count(`SELECT count(*) AS n FROM events WHERE type = 'deployment.status_changed' AND pod_id IN ${pods}`),
    workItems: await count(`SELECT count(*) AS n FROM work_items WHERE pod_id IN ${pods}`),
    transitions: await count(`SELECT count(*) AS n FROM stage_transitions WHERE project_id IN (SELECT id FROM projects WHERE pod_id IN ${pods})`),
    standups: await count(`SELECT count(*) AS n FROM standups WHERE pod_id IN ${pods}`),
    ideas: await count(`SELECT count(*) AS n FROM ideas WHERE pod_id IN ${pods}`),
    demos: await count(`SELECT count(*) AS n FROM demos WHERE pod_id IN ${pods}`),
  };
}

describe('npm run seed', () => {
  it('seeds the demo organisation with sample activity, and a re-run adds nothing', async () => {
    const first = await seedDatabase(pool, { kind: 'demo', closYmlPath: join(findRepoRoot(), 'scripts', 'demo', 'clos.yml') });
    expect(first).toMatchObject({ org: 'demo', pods: 3 });
    expect(first.added.events).toBe(DEMO_PLAN.events);
    expect(first.added.workItems).toBe(3 * DEMO_PLAN.workItemsPerPod);
    for (const [table, n] of Object.entries(first.added)) expect([table, n > 0]).toEqual([table, true]);
    expect(await count(`SELECT count(*) AS n FROM events WHERE status <> 'done'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM projects WHERE current_stage IS NULL`)).toBe(0);

    const again = await seedDatabase(pool, { kind: 'demo', closYmlPath: join(findRepoRoot(), 'scripts', 'demo', 'clos.yml') });
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(DEMO_PLAN.events);
  });

  it('seeds a large organisation at a scale factor, fast and idempotently', async () => {
    const scale = 0.04; // 2 pods, 20 projects, 4,000 events
    const first = await seedDatabase(pool, { kind: 'large', scale });
    expect(first).toMatchObject({ org: LARGE_ORG_ID, pods: 2, projects: 20 });
    const plan = largePlan(scale);
    const counts = await largeCounts();
    expect(counts).toMatchObject({ pods: 2, projects: 20, events: plan.events, workItems: 2 * plan.workItemsPerPod });
    expect(counts.deployments).toBeGreaterThan(plan.events * 0.03);
    expect(counts.transitions).toBeGreaterThanOrEqual(20);
    expect(counts.standups).toBeGreaterThan(0);
    expect(counts.ideas).toBe(2 * plan.ideasPerPod);
    expect(counts.demos).toBeGreaterThan(0);
    expect(first.added).toMatchObject({ events: plan.events, workItems: counts.workItems, transitions: counts.transitions });

    const again = await seedDatabase(pool, { kind: 'large', scale });
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true);
    expect(await largeCounts()).toEqual(counts);
    // The demo organisation seeded before is left as it was.
    expect(await count(`SELECT count(*) AS n FROM pods WHERE org_id = 'demo' AND archived_at IS NULL`)).toBe(3);
  });
});
