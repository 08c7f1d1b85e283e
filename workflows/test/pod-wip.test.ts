import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isClosError } from '@clos/domain';
import type { WipPolicy } from '@clos/domain';
import { acquireWorkItem, getWipState, releaseWorkItem, setPodPolicy, signalDraftChanged, signalHeadShaChanged, signalMergeGroup } from '../src/client.js';
import type { PodWipStart } from '../src/client.js';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { podWipBatchUpdate } from '../src/shared/batch-messages.js';
import type { PodWipCommand } from '../src/shared/batch-messages.js';
import { WORKFLOW_TYPES, podWipWorkflowId } from '../src/shared/ids.js';
import type { AcquireInput } from '../src/shared/pod-wip-messages.js';
import { createHarness, eventually } from './support/harness.js';
import type { Harness, RunningWorker } from './support/harness.js';

let h: Harness;
let worker: RunningWorker;

/** A worker in its own process, on this file's task queue; resolves once it polls. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=@clos/source', '--import', 'tsx', fileURLToPath(new URL('./support/worker-process.ts', import.meta.url))], {
    env: {
      ...process.env,
      CLOS_TEST_TASK_QUEUE: h.taskQueue,
      CLOS_TEST_GITHUB_URL: h.github.url,
      CLOS_TEST_LINEAR_URL: h.linear.url,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the worker process exited (${String(code)}) before it was ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return child;
}

beforeAll(async () => {
  h = await createHarness();
  worker = await h.startWorker();
}, 120_000);

afterAll(async () => {
  await h.close();
});

const REPO = 'acme/api';
const policy = (patch: Partial<WipPolicy> = {}): WipPolicy => ({ limit: 2, expediteQuota: 1, mode: 'enforce', ...patch });

let pods = 0;
/** A pod of its own for each test, on this file's task queue. */
function newPod(patch: Partial<WipPolicy> = {}): { podId: string; start: PodWipStart } {
  pods += 1;
  return { podId: `pod-${h.run}-${pods}`, start: { policy: policy(patch), taskQueue: h.taskQueue } };
}

function pr(number: number, extra: Partial<AcquireInput> = {}): AcquireInput {
  return {
    id: `gh:${REPO}#${number}`,
    personId: `dev${number}`,
    title: `Change ${number}`,
    pullRequests: [{ repo: REPO, number, headSha: sha(number) }],
    ...extra,
  };
}

/** Head SHAs unique to this file's run, so statuses never mix between runs. */
function sha(number: number, version = 0): string {
  return `${h.run}${String(number).padStart(6, '0')}${version}`.padEnd(40, 'a');
}

function wipStatus(number: number, version = 0): { state: string; description: string | null } | undefined {
  return h.github.latestStatus(REPO, sha(number, version), 'clos/wip');
}

describe('podWip', () => {
  it('queues an acquisition over the limit, turns its PR red, and promotes it when a slot frees', async () => {
    const { podId, start } = newPod();
    await expect(acquireWorkItem(h.client, podId, pr(1), start)).resolves.toMatchObject({ status: 'granted', lane: 'regular' });
    await expect(acquireWorkItem(h.client, podId, pr(2), start)).resolves.toMatchObject({ status: 'granted' });
    const third = await acquireWorkItem(h.client, podId, pr(3), start);
    expect(third).toMatchObject({ status: 'queued', position: 1, reason: 'pod_limit', mode: 'enforce' });
    expect(third.status === 'queued' && third.holders.map((x) => x.id)).toEqual([`gh:${REPO}#1`, `gh:${REPO}#2`]);

    const red = await h.github.waitForStatus({ repo: REPO, sha: sha(3), context: 'clos/wip', state: 'failure' });
    expect(red.description).toBe('WIP 2/2 — finish #1 or #2 first (queue #1)');
    expect(red.targetUrl).toBe(`http://clos.test/explain/wip/${podId}?item=${encodeURIComponent(`gh:${REPO}#3`)}`);
    await h.github.waitForStatus({ repo: REPO, sha: sha(1), context: 'clos/wip', state: 'success' });

    await expect(releaseWorkItem(h.client, podId, { id: `gh:${REPO}#1`, reason: 'merged' }, start)).resolves.toEqual({
      status: 'released',
      itemId: `gh:${REPO}#1`,
      promoted: [`gh:${REPO}#3`],
    });
    const green = await h.github.waitForStatus({ repo: REPO, sha: sha(3), context: 'clos/wip', state: 'success' });
    expect(green.description).toBe('WIP 2/2 — slot held');

    const state = await getWipState(h.client, podId);
    expect(state?.holders.map((x) => x.id)).toEqual([`gh:${REPO}#2`, `gh:${REPO}#3`]);
    expect(state?.queue).toEqual([]);
    await eventually(() => h.notifier.sent.find((n) => n.podId === podId && n.kind === 'wip.slot_freed'), 10_000, 'slot freed notification');
    expect(h.notifier.sent.some((n) => n.podId === podId && n.kind === 'wip.exceeded')).toBe(true);
  });

  it('counts duplicated and reordered inputs once', async () => {
    const { podId, start } = newPod({ limit: 1 });
    const first = pr(11, { occurredAt: '2025-01-01T10:00:00Z' });
    const results = await Promise.all([1, 2, 3].map(() => acquireWorkItem(h.client, podId, first, start)));
    expect(results.map((r) => r.status)).toEqual(['granted', 'granted', 'granted']);

    // The same PR reached through its Linear key is the same work item.
    await expect(
      acquireWorkItem(h.client, podId, { id: 'lin:PAY-11', linearKeys: ['PAY-11'], pullRequests: [{ repo: REPO, number: 11, headSha: sha(11) }] }, start),
    ).resolves.toMatchObject({ status: 'granted', itemId: `gh:${REPO}#11` });

    // Closed at 11:00, then a redelivered "opened" from 10:00: stale, nothing changes.
    await releaseWorkItem(h.client, podId, { id: `gh:${REPO}#11`, reason: 'closed', occurredAt: '2025-01-01T11:00:00Z' }, start);
    await expect(acquireWorkItem(h.client, podId, first, start)).resolves.toMatchObject({ status: 'stale' });
    // A close delivered before its open: the late open is stale too.
    await releaseWorkItem(h.client, podId, { id: `gh:${REPO}#12`, reason: 'closed', occurredAt: '2025-01-01T12:00:00Z' }, start);
    await expect(acquireWorkItem(h.client, podId, pr(12, { occurredAt: '2025-01-01T11:30:00Z' }), start)).resolves.toMatchObject({
      status: 'stale',
    });
    // A reopen after the close counts again.
    await expect(acquireWorkItem(h.client, podId, pr(12, { occurredAt: '2025-01-01T12:30:00Z' }), start)).resolves.toMatchObject({
      status: 'granted',
    });
    // A second release of the same item changes nothing.
    await releaseWorkItem(h.client, podId, { id: `gh:${REPO}#12`, reason: 'merged', occurredAt: '2025-01-01T13:00:00Z' }, start);
    await expect(
      releaseWorkItem(h.client, podId, { id: `gh:${REPO}#12`, reason: 'merged', occurredAt: '2025-01-01T13:00:00Z' }, start),
    ).resolves.toMatchObject({ status: 'unknown' });
    const state = await getWipState(h.client, podId);
    expect(state?.holders).toEqual([]);
    expect(state?.queue).toEqual([]);
  });

  it('frees the slot of a PR turned draft and asks again when it is ready', async () => {
    const { podId, start } = newPod({ limit: 1 });
    await acquireWorkItem(h.client, podId, pr(21), start);
    await expect(acquireWorkItem(h.client, podId, pr(22), start)).resolves.toMatchObject({ status: 'queued' });
    await signalDraftChanged(h.client, podId, { item: pr(21), draft: true }, start);
    await h.github.waitForStatus({ repo: REPO, sha: sha(22), context: 'clos/wip', state: 'success' });
    const draft = await eventually(() => {
      const s = wipStatus(21);
      return s?.description?.includes('draft') === true ? s : undefined;
    });
    expect(draft.state).toBe('success');
    await signalDraftChanged(h.client, podId, { item: pr(21), draft: false }, start);
    await h.github.waitForStatus({ repo: REPO, sha: sha(21), context: 'clos/wip', state: 'failure' });
    const state = await getWipState(h.client, podId);
    expect(state?.holders.map((x) => x.id)).toEqual([`gh:${REPO}#22`]);
    expect(state?.queue.map((x) => x.id)).toEqual([`gh:${REPO}#21`]);
  });

  it('moves the status to a new head SHA', async () => {
    const { podId, start } = newPod({ limit: 1 });
    await acquireWorkItem(h.client, podId, pr(31), start);
    await acquireWorkItem(h.client, podId, pr(32), start);
    await signalHeadShaChanged(h.client, podId, { repo: REPO, number: 32, headSha: sha(32, 1) }, start);
    const moved = await h.github.waitForStatus({ repo: REPO, sha: sha(32, 1), context: 'clos/wip', state: 'failure' });
    expect(moved.description).toContain('finish #31 first');
  });

  it('gives an expedite item its own lane, audited', async () => {
    const { podId, start } = newPod({ limit: 1 });
    await h.seedPod(podId);
    await acquireWorkItem(h.client, podId, pr(41), start);
    await expect(acquireWorkItem(h.client, podId, pr(42, { expedite: true }), start)).resolves.toMatchObject({
      status: 'granted',
      lane: 'expedite',
    });
    await expect(acquireWorkItem(h.client, podId, pr(43, { expedite: true }), start)).resolves.toMatchObject({
      status: 'queued',
      reason: 'expedite_quota',
    });
    const audit = await eventually(async () => {
      const { rows } = await h.pool.query(`SELECT actor, target FROM audit_log WHERE action = 'wip.expedite_used' AND details ->> 'podId' = $1`, [podId]);
      return rows.length > 0 ? rows : undefined;
    });
    expect(audit).toEqual([{ actor: 'dev42', target: `gh:${REPO}#42` }]);
    await eventually(() => h.notifier.sent.find((n) => n.podId === podId && n.kind === 'wip.expedite_used'));
  });

  it('keeps observe and warn modes green while saying what enforce would do', async () => {
    const { podId, start } = newPod({ limit: 1, mode: 'observe' });
    await acquireWorkItem(h.client, podId, pr(51), start);
    await expect(acquireWorkItem(h.client, podId, pr(52), start)).resolves.toMatchObject({ status: 'queued', mode: 'observe' });
    const observed = await h.github.waitForStatus({ repo: REPO, sha: sha(52), context: 'clos/wip' });
    expect(observed.state).toBe('success');
    expect(observed.description).toMatch(/^Observe: /);
    // Observe mode records and tells nobody.
    expect(h.notifier.sent.filter((n) => n.podId === podId)).toEqual([]);

    await setPodPolicy(h.client, podId, { policy: { mode: 'warn' }, actor: 'lead1', reason: 'trial' }, start);
    await eventually(() => (wipStatus(52)?.description?.startsWith('Over WIP limit:') === true ? true : undefined));
    await setPodPolicy(h.client, podId, { policy: { mode: 'enforce' }, actor: 'lead1', reason: 'go live' }, start);
    await h.github.waitForStatus({ repo: REPO, sha: sha(52), context: 'clos/wip', state: 'failure' });
  });

  it('promotes when the limit is raised, and audits the change', async () => {
    const { podId, start } = newPod({ limit: 1 });
    await h.seedPod(podId);
    await acquireWorkItem(h.client, podId, pr(61), start);
    await acquireWorkItem(h.client, podId, pr(62), start);
    await expect(setPodPolicy(h.client, podId, { policy: { limit: 2 }, actor: 'lead1', reason: 'new hire' }, start)).resolves.toEqual({
      policy: policy({ limit: 2 }),
      promoted: [`gh:${REPO}#62`],
    });
    const rows = await eventually(async () => {
      const result = await h.pool.query(`SELECT actor, details FROM audit_log WHERE action = 'wip.policy_changed' AND target = $1`, [`pod:${podId}`]);
      return result.rows.length > 0 ? result.rows : undefined;
    });
    expect(rows[0]).toMatchObject({ actor: 'lead1', details: { reason: 'new hire', after: { limit: 2 } } });
    const items = await eventually(async () => {
      const result = await h.pool.query(`SELECT id, state FROM work_items WHERE pod_id = $1 ORDER BY id`, [podId]);
      return result.rows.length === 2 && result.rows.every((r: { state: string }) => r.state === 'held') ? result.rows : undefined;
    });
    expect(items).toEqual([
      { id: `gh:${REPO}#61`, state: 'held' },
      { id: `gh:${REPO}#62`, state: 'held' },
    ]);
  });

  it('comments on a Linear issue started over the limit, once', async () => {
    const { podId, start } = newPod({ limit: 1 });
    h.linear.addIssue({ identifier: 'WIP-71', title: 'Started late' });
    await acquireWorkItem(h.client, podId, pr(70), start);
    await expect(acquireWorkItem(h.client, podId, { id: 'lin:WIP-71', linearKeys: ['WIP-71'], title: 'Started late' }, start)).resolves.toMatchObject({
      status: 'queued',
    });
    const comments = await eventually(() => {
      const list = h.linear.comments('WIP-71');
      return list.length > 0 ? list : undefined;
    });
    expect(comments[0]?.body).toContain('WIP limit');
    // A redelivered start changes nothing and comments nothing more.
    await acquireWorkItem(h.client, podId, { id: 'lin:WIP-71', linearKeys: ['WIP-71'] }, start);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.linear.comments('WIP-71')).toHaveLength(1);
  });

  it('posts the real verdict on a merge group, never a pass by default', async () => {
    const { podId, start } = newPod({ limit: 1 });
    await acquireWorkItem(h.client, podId, pr(81), start);
    await acquireWorkItem(h.client, podId, pr(82), start);
    const groupSha = sha(8100);
    await signalMergeGroup(h.client, podId, { repo: REPO, headSha: groupSha, headRef: `refs/heads/gh-readonly-queue/main/pr-82-${sha(82)}` }, start);
    const blocked = await h.github.waitForStatus({ repo: REPO, sha: groupSha, context: 'clos/wip' });
    expect(blocked.state).toBe('failure');
    expect(blocked.description).toContain('finish #81 first');
    const unknownSha = sha(8200);
    await signalMergeGroup(h.client, podId, { repo: REPO, headSha: unknownSha, pullRequestNumbers: [99] }, start);
    await expect(h.github.waitForStatus({ repo: REPO, sha: unknownSha, context: 'clos/wip' })).resolves.toMatchObject({
      state: 'failure',
      description: '#99 holds no WIP slot',
    });
    const okSha = sha(8300);
    await signalMergeGroup(h.client, podId, { repo: REPO, headSha: okSha, pullRequestNumbers: [81] }, start);
    await expect(h.github.waitForStatus({ repo: REPO, sha: okSha, context: 'clos/wip' })).resolves.toMatchObject({ state: 'success' });
  });

  it('applies a batch of commands in order, answering each, and skips a malformed one', async () => {
    const { podId, start } = newPod({ limit: 1 });
    const operation = new WithStartWorkflowOperation(WORKFLOW_TYPES.podWip, {
      workflowId: podWipWorkflowId(podId),
      taskQueue: h.taskQueue,
      args: [{ podId, policy: start.policy }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const commands: PodWipCommand[] = [
      { type: 'acquire', input: pr(111) },
      { type: 'acquire', input: pr(112) },
      { type: 'acquire', input: { ...pr(113), pullRequests: [{ repo: 'bad repo', number: 1, headSha: 'x' }] } },
      { type: 'headShaChanged', input: { repo: REPO, number: 112, headSha: sha(112, 1) } },
      { type: 'release', input: { id: `gh:${REPO}#111`, reason: 'merged' } },
    ];
    const batch = { commands };
    const results = await h.client.workflow.executeUpdateWithStart(podWipBatchUpdate, {
      args: [batch],
      updateId: `batch-${podId}`,
      startWorkflowOperation: operation,
    });
    expect(results.map((r) => ('status' in r ? r.status : 'policy'))).toEqual(['granted', 'queued', 'invalid', 'applied', 'released']);
    expect(results[2]).toMatchObject({ message: expect.stringContaining('acquire.pullRequests[0].repo') });
    // The same update id again: Temporal answers from the first delivery, nothing is applied twice.
    const again = await h.client.workflow.getHandle(podWipWorkflowId(podId)).executeUpdate(podWipBatchUpdate, { args: [batch], updateId: `batch-${podId}` });
    expect(again).toEqual(results);
    await h.github.waitForStatus({ repo: REPO, sha: sha(112, 1), context: 'clos/wip', state: 'success' });
    expect((await getWipState(h.client, podId))?.holders.map((x) => x.id)).toEqual([`gh:${REPO}#112`]);
  });

  it('refuses malformed input with a coded error naming the field', async () => {
    const { podId, start } = newPod();
    const bad = acquireWorkItem(h.client, podId, { id: 'gh:acme/api#1', pullRequests: [{ repo: 'not a repo', number: 1, headSha: 'x' }] }, start);
    await expect(bad).rejects.toThrow(/acquire\.pullRequests\[0\]\.repo/);
    await expect(bad.catch((e: unknown) => isClosError(e, 'InvalidInput'))).resolves.toBe(true);
    await expect(setPodPolicy(h.client, podId, { policy: { limit: -1 }, actor: 'x', reason: 'y' }, start)).rejects.toThrow(
      /setPolicy\.policy\.limit/,
    );
    await expect(setPodPolicy(h.client, podId, { policy: { limit: 3 }, actor: 'x', reason: '' }, start)).rejects.toThrow(/setPolicy\.reason/);
    await expect(acquireWorkItem(h.client, podId, pr(1), { ...start, policy: policy({ limit: -2 }) })).rejects.toThrow(/limit/);
  });

  it('takes messages sent while no worker runs once one is back', async () => {
    const { podId, start } = newPod({ limit: 2 });
    await acquireWorkItem(h.client, podId, pr(91), start);
    await worker.stop();
    // No worker: these wait in the server until one comes back.
    const pending = [92, 93, 94].map((n) => acquireWorkItem(h.client, podId, pr(n), start));
    const release = releaseWorkItem(h.client, podId, { id: `gh:${REPO}#91`, reason: 'merged' }, start);
    await new Promise((resolve) => setTimeout(resolve, 500));
    worker = await h.startWorker();
    const results = await Promise.all(pending);
    await release;
    expect(results.filter((r) => r.status === 'granted').length).toBeLessThanOrEqual(2);
    const state = await getWipState(h.client, podId);
    expect(state?.holders).toHaveLength(2);
    expect(state?.queue).toHaveLength(1);
    const queued = state?.queue[0]?.id ?? '';
    const number = Number(queued.split('#')[1]);
    await h.github.waitForStatus({ repo: REPO, sha: sha(number), context: 'clos/wip', state: 'failure' });
  });

  it('loses nothing when its worker process is killed outright', async () => {
    const { podId, start } = newPod({ limit: 2 });
    await worker.stop();
    const child = await startWorkerProcess();
    let killed = false;
    try {
      await acquireWorkItem(h.client, podId, pr(121), start);
      // GitHub answers slowly-failing for a while, so status writes are in flight at the kill.
      h.github.failNext({ kind: 'server', status: 502, times: 5, method: 'POST' });
      const pending = [122, 123, 124].map((n) => acquireWorkItem(h.client, podId, pr(n), start));
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGKILL');
      killed = true;
      const release = releaseWorkItem(h.client, podId, { id: `gh:${REPO}#121`, reason: 'merged' }, start);
      worker = await h.startWorker();
      const results = await Promise.all(pending);
      expect(results.map((r) => r.status).sort()).toEqual(['granted', 'queued', 'queued']);
      await expect(release).resolves.toMatchObject({ status: 'released' });
    } finally {
      if (!killed) child.kill('SIGKILL');
      if (worker.worker.getState() !== 'RUNNING') worker = await h.startWorker();
    }
    const state = await getWipState(h.client, podId);
    expect(state?.holders).toHaveLength(2);
    expect(state?.queue).toHaveLength(1);
    for (const verdict of state?.verdicts ?? []) {
      const n = Number(verdict.itemId.split('#')[1]);
      await h.github.waitForStatus({ repo: REPO, sha: sha(n), context: 'clos/wip', state: verdict.state, timeoutMs: 60_000 });
    }
  }, 120_000);

  it('keeps its state across continue-as-new', async () => {
    const { podId, start } = newPod({ limit: 3 });
    const small = { ...start, maxHistoryLength: 60 };
    for (const n of [101, 102, 103, 104, 105]) await acquireWorkItem(h.client, podId, pr(n), small);
    const handle = h.client.workflow.getHandle(`pod-wip:${podId}`);
    const { runId: firstRun } = await handle.describe();
    // Messages may share workflow tasks, so how many fill the history varies: send until it rolls over.
    let head = sha(101);
    for (let i = 0; (await handle.describe()).runId === firstRun; i += 1) {
      if (i >= 200) throw new Error('the workflow never continued as new');
      head = sha(101, (i % 3) + 1);
      await signalHeadShaChanged(h.client, podId, { repo: REPO, number: 101, headSha: head }, small);
    }
    const state = await getWipState(h.client, podId);
    expect(state?.holders.map((x) => x.id)).toEqual([`gh:${REPO}#101`, `gh:${REPO}#102`, `gh:${REPO}#103`]);
    expect(state?.queue.map((x) => x.id)).toEqual([`gh:${REPO}#104`, `gh:${REPO}#105`]);
    expect(state?.items.find((x) => x.id === `gh:${REPO}#101`)?.pullRequests[0]?.headSha).toBe(head);
    await expect(acquireWorkItem(h.client, podId, pr(106), small)).resolves.toMatchObject({ status: 'queued', position: 3 });
    await h.github.waitForStatus({ repo: REPO, sha: head, context: 'clos/wip', state: 'success' });
  });
});
