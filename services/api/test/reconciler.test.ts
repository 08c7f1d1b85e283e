import { randomUUID } from 'node:crypto';
import { ensureSchedules, type ReconcileResult } from '@clos/workflows';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/iota-tools';
/** A pod whose webhooks never arrive: CLOS learns of its PRs only from GitHub's list. */
const LOST_REPO = 'acme/kappa-tools';

/** Workflow ids are namespace-wide: pods of their own, so no other test file meets them. */
const RUN = randomUUID().slice(0, 8);

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: iota-${RUN}
    name: Iota
    wipLimit: 1
    repos: [${REPO}]
  - id: kappa-${RUN}
    name: Kappa
    wipLimit: 1
    repos: [${LOST_REPO}]
`;

let stack: EnforcementStack;
const scheduleId = `clos-status-reconciler-${randomUUID()}`;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.temporal.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await stack?.close();
});

const at = (minute: number): string => new Date(Date.UTC(2025, 5, 6, 9, minute)).toISOString();

describe('the status reconciler', () => {
  it('acquires an open PR whose webhooks were lost, and posts its status, in one run', async () => {
    // Two PRs exist on GitHub only: no delivery ever reached CLOS.
    stack.github.addPullRequest(LOST_REPO, { number: 1, headSha: sha('kappa-1'), author: 'dev1' });
    stack.github.addPullRequest(LOST_REPO, { number: 2, headSha: sha('kappa-2'), author: 'dev2' });
    expect(stack.github.latestStatus(LOST_REPO, sha('kappa-1'), 'clos/wip')).toBeUndefined();

    const result: ReconcileResult = await stack.temporal.workflow.execute('reconcileStatuses', {
      taskQueue: stack.taskQueue,
      workflowId: `reconcile-once-${randomUUID()}`,
      args: [{ taskQueue: stack.taskQueue }],
    });
    expect(result.adopted).toEqual(expect.arrayContaining([`gh:${LOST_REPO}#1`, `gh:${LOST_REPO}#2`]));
    const held = await stack.github.waitForStatus({ repo: LOST_REPO, sha: sha('kappa-1'), context: 'clos/wip', state: 'success', timeoutMs: 20_000 });
    expect(held.description).toBe('WIP 1/1 — slot held');
    const queued = await stack.github.waitForStatus({ repo: LOST_REPO, sha: sha('kappa-2'), context: 'clos/wip', state: 'failure', timeoutMs: 20_000 });
    expect(queued.description).toContain('#1');

    // A second run finds nothing new: both are tracked at their heads.
    const again: ReconcileResult = await stack.temporal.workflow.execute('reconcileStatuses', {
      taskQueue: stack.taskQueue,
      workflowId: `reconcile-once-${randomUUID()}`,
      args: [{ taskQueue: stack.taskQueue }],
    });
    expect(again.adopted).toEqual([]);
  }, 60_000);

  it('puts back a CLOS status someone overwrote, on its schedule', async () => {
    for (const n of [1, 2]) {
      const opened = pullRequestPayload({ repo: REPO, number: n, headSha: sha(`iota-${n}`), action: 'opened', author: `dev${n}`, updatedAt: at(n) });
      expect((await stack.sendGithub('pull_request', opened)).status).toBe(202);
    }
    const red = await stack.github.waitForStatus({ repo: REPO, sha: sha('iota-2'), context: 'clos/wip', state: 'failure', timeoutMs: 20_000 });

    // Someone (or a lost write) leaves the PR green although the pod is full.
    await stack.githubClient.setCommitStatus({ repo: REPO, sha: sha('iota-2'), context: 'clos/wip', state: 'success', description: 'looks fine to me' });
    expect(stack.github.latestStatus(REPO, sha('iota-2'), 'clos/wip')?.state).toBe('success');

    await ensureSchedules(stack.temporal, { taskQueue: stack.taskQueue, scheduleId, reconcileEvery: '2 seconds' });
    const restored = await stack.github.waitForStatus({ repo: REPO, sha: sha('iota-2'), context: 'clos/wip', state: 'failure', timeoutMs: 30_000 });
    expect(restored.description).toBe(red.description);
  }, 60_000);
});
