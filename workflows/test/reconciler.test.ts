import { acquireWorkItem, ensureSchedules, RECONCILER_GITHUB_READS_PER_HOUR } from '../src/client.js';
import { createHarness, eventually } from './support/harness.js';
import type { Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
}, 120_000);

afterAll(async () => {
  await h.client.schedule
    .getHandle(`reconcile-${h.run}`)
    .delete()
    .catch(() => undefined);
  await h.close();
});

const REPO = 'acme/ops';

describe('status reconciler', () => {
  it('is scheduled idempotently and puts back a status changed behind CLOS’s back', async () => {
    const scheduleId = `reconcile-${h.run}`;
    await ensureSchedules(h.client, { taskQueue: h.taskQueue, scheduleId, reconcileEvery: '1 hour' });
    await ensureSchedules(h.client, { taskQueue: h.taskQueue, scheduleId, reconcileEvery: '2 hours' });
    const described = await h.client.schedule.getHandle(scheduleId).describe();
    expect(described.spec.intervals).toMatchObject([{ every: 2 * 3600 * 1000 }]);
    expect(described.action).toMatchObject({ workflowType: 'reconcileStatuses', taskQueue: h.taskQueue });
    // Each run knows its share of GitHub's hourly limit and how many runs an hour make.
    expect(described.action.type === 'startWorkflow' && described.action.args).toEqual([
      { taskQueue: h.taskQueue, githubReadsPerHour: RECONCILER_GITHUB_READS_PER_HOUR, everyMinutes: 120 },
    ]);

    const podId = `rec-${h.run}`;
    const sha = `${h.run}`.padEnd(40, 'c');
    await acquireWorkItem(
      h.client,
      podId,
      { id: `gh:${REPO}#1`, pullRequests: [{ repo: REPO, number: 1, headSha: sha }] },
      { policy: { limit: 1, expediteQuota: 0, mode: 'enforce' }, taskQueue: h.taskQueue },
    );
    await h.github.waitForStatus({ repo: REPO, sha, context: 'clos/wip', state: 'success' });
    // Someone (or something) overwrites the status.
    h.github.state.addStatus({ repo: REPO, sha, context: 'clos/wip', state: 'failure', description: 'tampered', targetUrl: null });

    await h.client.schedule.getHandle(scheduleId).trigger();
    const repaired = await eventually(() => {
      const status = h.github.latestStatus(REPO, sha, 'clos/wip');
      return status?.state === 'success' ? status : undefined;
    });
    expect(repaired.description).toBe('WIP 1/1 — slot held');
    const runs = await eventually(async () => {
      const found: { status: string }[] = [];
      for await (const wf of h.client.workflow.list({ query: `WorkflowType = 'reconcileStatuses' AND TaskQueue = '${h.taskQueue}'` })) {
        found.push({ status: wf.status.name });
      }
      return found.some((f) => f.status === 'COMPLETED') ? found : undefined;
    });
    expect(runs.length).toBeGreaterThanOrEqual(1);
  });
});
