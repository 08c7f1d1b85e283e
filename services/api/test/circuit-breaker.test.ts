import { randomUUID } from 'node:crypto';
import { parseEventPayload } from '@clos/domain';
import { scanPodHealthNow } from '@clos/workflows/client';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

/** Workflow ids are shared by every test file of a run: the pod's id is this file's own. */
const POD = `kappa-${randomUUID().slice(0, 8)}`;
const REPO = `acme/${POD}-app`;

/** Pod `kappa` declares four slots; its breaker lowers that to three. */
const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${POD}
    name: Kappa
    wipLimit: 4
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** What the workflows would have recorded of an unhealthy week: 3 PRs queued over the limit, 2 gate escalations. */
async function recordUnhealthyWeek(): Promise<void> {
  const rows: [string, Record<string, string>][] = [
    ...[1, 2, 3].map((n): [string, Record<string, string>] => ['wip.queued', { podId: POD, workItemId: `gh:${REPO}#${100 + n}` }]),
    ...[1, 2].map((): [string, Record<string, string>] => ['stage.escalated', { podId: POD }]),
  ];
  for (const [type, subject] of rows) {
    await stack.pool.query(
      `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status)
       VALUES ($1, $2, 'clos', now() - interval '1 day', now(), $3, $3, $4, '{}', 'done')`,
      [randomUUID(), type, `unhealthy-${randomUUID()}`, JSON.stringify(subject)],
    );
  }
}

async function scan(): Promise<void> {
  const handle = await scanPodHealthNow(stack.temporal, { taskQueue: stack.taskQueue });
  await handle.result();
}

const breakerEvents = async (): Promise<{ type: string; payload: { limitBefore: number; limit: number; failing: string[] } }[]> =>
  (await stack.pool.query(`SELECT type, payload FROM events WHERE type LIKE 'health.breaker_%' AND subject->>'podId' = $1 ORDER BY seq`, [POD])).rows;

describe('the pod circuit breaker', () => {
  it('lowers the running limit when a scan finds two failing metrics, holds it, and restores it after three healthy scans', async () => {
    // A PR opens, so the pod's workflow runs with the declared limit.
    const pr = pullRequestPayload({ repo: REPO, number: 1, headSha: sha('kappa-1'), action: 'opened', author: 'alice', updatedAt: new Date().toISOString() });
    expect((await stack.sendGithub('pull_request', pr)).status).toBe(202);
    await eventually('kappa running with 4 slots', async () => ((await stack.wipState(POD))?.policy.limit === 4 ? true : undefined));

    await recordUnhealthyWeek();
    await scan();
    expect((await stack.wipState(POD))?.policy.limit).toBe(3);
    const [tripped] = await breakerEvents();
    expect(tripped).toMatchObject({ type: 'health.breaker_tripped', payload: { limitBefore: 4, limit: 3 } });
    expect(tripped!.payload.failing).toEqual(expect.arrayContaining(['wipViolations', 'escalations']));
    expect(() => parseEventPayload('health.breaker_tripped', tripped!.payload)).not.toThrow();
    const audit = await stack.pool.query(`SELECT actor, target FROM audit_log WHERE action = 'health.breaker_tripped' AND target = $1`, [`pod:${POD}`]);
    expect(audit.rows).toEqual([{ actor: 'clos:circuit-breaker', target: `pod:${POD}` }]);
    // The declared limit is the policy's, untouched: the breaker caps the workflow only.
    expect((await stack.pool.query(`SELECT wip_limit FROM pods WHERE id = $1`, [POD])).rows[0].wip_limit).toBe(4);

    // Still unhealthy: nothing is lowered again, nothing recorded twice.
    await scan();
    expect((await stack.wipState(POD))?.policy.limit).toBe(3);
    expect(await breakerEvents()).toHaveLength(1);

    // The week heals; recovery needs three healthy scans in a row.
    await stack.pool.query(`DELETE FROM events WHERE delivery_id LIKE 'unhealthy-%'`);
    await scan();
    await scan();
    expect((await stack.wipState(POD))?.policy.limit).toBe(3);
    await scan();
    expect((await stack.wipState(POD))?.policy.limit).toBe(4);
    expect((await breakerEvents()).map((e) => [e.type, e.payload.limitBefore, e.payload.limit])).toEqual([
      ['health.breaker_tripped', 4, 3],
      ['health.breaker_recovered', 3, 4],
    ]);
    const state = await stack.pool.query(`SELECT tripped, recovered_at IS NOT NULL AS recovered FROM pod_circuit_breakers WHERE pod_id = $1`, [POD]);
    expect(state.rows).toEqual([{ tripped: false, recovered: true }]);
  }, 120_000);
});
