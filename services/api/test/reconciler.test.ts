import { randomUUID } from 'node:crypto';
import { ensureSchedules, type ReconcileResult } from '@clos/workflows';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/iota-tools';
/** A pod whose webhooks never arrive: CLOS learns of its PRs only from GitHub's list. */
const LOST_REPO = 'acme/kappa-tools';
/** A pod whose PRs close while GitHub's listing still shows them open. */
const RACE_REPO = 'acme/lambda-tools';
/** A pod with a project: adopted PRs must reach its stage gate. */
const GATE_REPO = 'acme/mu-tools';

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
  - id: lambda-${RUN}
    name: Lambda
    wipLimit: 1
    repos: [${RACE_REPO}]
  - id: mu-${RUN}
    name: Mu
    wipLimit: 3
    repos: [${GATE_REPO}]
templates:
  - id: launch-${RUN}
    name: Launch
    stages:
      - id: review
        name: Review
        criteria:
          - { id: sign-off, type: evidence, description: Launch review held }
      - id: done
        name: Done
projects:
  - { id: mu-${RUN}, name: Mu launch, pod: mu-${RUN}, template: launch-${RUN} }
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

/** One reconciler run, as its schedule starts it. */
const reconcileOnce = (): Promise<ReconcileResult> =>
  stack.temporal.workflow.execute('reconcileStatuses', {
    taskQueue: stack.taskQueue,
    workflowId: `reconcile-once-${randomUUID()}`,
    args: [{ taskQueue: stack.taskQueue }],
  });

/** `repo#number` of every PR a pod's workflow tracks. */
async function trackedBy(podId: string): Promise<string[]> {
  const view = await stack.wipState(podId);
  return (view?.items ?? []).flatMap((item) => item.pullRequests.map((pr) => `${pr.repo}#${pr.number}`));
}

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

  it('releases the slot of a PR whose closed webhook was lost, and the queue moves up', async () => {
    // Follows the test above: #1 holds kappa's only slot, #2 waits. #1 is merged; no delivery arrives.
    stack.github.updatePullRequest(LOST_REPO, 1, { state: 'closed', merged: true });

    const result = await reconcileOnce();
    expect(result.released).toEqual([`gh:${LOST_REPO}#1`]);
    expect(result.adopted).toEqual([]);
    const promoted = await stack.github.waitForStatus({ repo: LOST_REPO, sha: sha('kappa-2'), context: 'clos/wip', state: 'success', timeoutMs: 20_000 });
    expect(promoted.description).toBe('WIP 1/1 — slot held');
    expect(await trackedBy(`kappa-${RUN}`)).toEqual([`${LOST_REPO}#2`]);

    // Nothing left to repair: a second run releases nothing.
    const again = await reconcileOnce();
    expect(again.released).toEqual([]);
    expect(again.adopted).toEqual([]);
  }, 60_000);

  it('does not take a slot back for a PR GitHub still lists open just after its close', async () => {
    const pod = `lambda-${RUN}`;
    stack.github.addPullRequest(RACE_REPO, { number: 3, headSha: sha('lambda-3'), author: 'dev3' });
    // GitHub's listing lags: it still shows the PR as it was at 09:00, open.
    stack.github.state.pullRequest(RACE_REPO, 3)!.updatedAt = at(0);
    const opened = pullRequestPayload({ repo: RACE_REPO, number: 3, headSha: sha('lambda-3'), action: 'opened', author: 'dev3', updatedAt: at(1) });
    expect((await stack.sendGithub('pull_request', opened)).status).toBe(202);
    await stack.github.waitForStatus({ repo: RACE_REPO, sha: sha('lambda-3'), context: 'clos/wip', state: 'success', timeoutMs: 20_000 });
    const closed = pullRequestPayload({ repo: RACE_REPO, number: 3, headSha: sha('lambda-3'), action: 'closed', merged: true, author: 'dev3', updatedAt: at(5) });
    expect((await stack.sendGithub('pull_request', closed)).status).toBe(202);
    await eventually('the merged PR to leave the pod', async () => ((await trackedBy(pod)).length === 0 ? true : undefined));

    // The run happens long after 09:05, but the listing says 09:00: older than the release.
    const result = await reconcileOnce();
    expect(result.adopted).not.toContain(`gh:${RACE_REPO}#3`);
    expect(await trackedBy(pod)).toEqual([]);

    // Reopened after the merge was recorded (GitHub's own time says so): that is adopted.
    stack.github.state.pullRequest(RACE_REPO, 3)!.updatedAt = at(9);
    const reopened = await reconcileOnce();
    expect(reopened.adopted).toContain(`gh:${RACE_REPO}#3`);
    expect(await trackedBy(pod)).toEqual([`${RACE_REPO}#3`]);
  }, 60_000);

  it("puts an adopted PR under its project's stage gate, and takes it out once GitHub says it closed", async () => {
    const project = `mu-${RUN}`;
    stack.github.addPullRequest(GATE_REPO, { number: 4, headSha: sha('mu-4'), author: 'dev4', labels: [`project:${project}`] });

    const result = await reconcileOnce();
    expect(result.adopted).toEqual([`gh:${GATE_REPO}#4`]);
    const gate = await stack.github.waitForStatus({ repo: GATE_REPO, sha: sha('mu-4'), context: 'clos/stage-gate', state: 'failure', timeoutMs: 20_000 });
    expect(gate.description).toMatch(/review/i);
    await stack.github.waitForStatus({ repo: GATE_REPO, sha: sha('mu-4'), context: 'clos/wip', state: 'success', timeoutMs: 20_000 });
    const registered = await eventually('the project to know the PR', async () => {
      const state = await stack.stageState(project);
      return state?.openPullRequests.some((pr) => pr.number === 4) ? state : undefined;
    });
    expect(registered.openPullRequests).toEqual([{ repo: GATE_REPO, number: 4, headSha: sha('mu-4'), state: 'open' }]);

    stack.github.updatePullRequest(GATE_REPO, 4, { state: 'closed', merged: false });
    const after = await reconcileOnce();
    expect(after.released).toEqual([`gh:${GATE_REPO}#4`]);
    await eventually('the project to let go of the PR', async () => {
      const state = await stack.stageState(project);
      return state !== undefined && state.openPullRequests.length === 0 ? true : undefined;
    });
    expect(await trackedBy(`mu-${RUN}`)).toEqual([]);
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
