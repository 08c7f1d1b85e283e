import { WithStartWorkflowOperation } from '@temporalio/client';
import { getWipState, signalHeadShaChanged } from '../src/client.js';
import { podWipBatchUpdate } from '../src/shared/batch-messages.js';
import type { PodWipCommand, PodWipCommandResult } from '../src/shared/batch-messages.js';
import { WORKFLOW_TYPES, podWipWorkflowId } from '../src/shared/ids.js';
import { createHarness, eventually } from './support/harness.js';
import type { Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
}, 120_000);

afterAll(async () => {
  await h.close();
});

const REPO = 'acme/events';
const sha = (n: number, v = 0): string => `${n}${v}`.padEnd(40, 'e');
const pr = (n: number) => ({ id: `gh:${REPO}#${n}`, personId: `dev${n}`, pullRequests: [{ repo: REPO, number: n, headSha: sha(n) }] });
const acquire = (n: number, event: string): PodWipCommand => ({ type: 'acquire', input: pr(n), eventId: `${event}:wip`, correlationId: `github:${event}` });

describe('batch commands applied once by event id', () => {
  it('ignores an event re-batched with other neighbours, also after continue-as-new, and stamps its correlation id on the record', async () => {
    const podId = `events-${h.run}`;
    const start = { podId, policy: { limit: 1, expediteQuota: 0, mode: 'enforce' as const }, maxHistoryLength: 60 };
    let batches = 0;
    const send = (commands: PodWipCommand[]): Promise<PodWipCommandResult[]> =>
      h.client.workflow.executeUpdateWithStart(podWipBatchUpdate, {
        args: [{ commands }],
        // Every batch is a new update: only the event ids can tell the repeats.
        updateId: `${podId}-batch-${(batches += 1)}`,
        startWorkflowOperation: new WithStartWorkflowOperation(WORKFLOW_TYPES.podWip, {
          workflowId: podWipWorkflowId(podId),
          taskQueue: h.taskQueue,
          args: [start],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    const status = (results: PodWipCommandResult[]) => results.map((r) => ('status' in r ? r.status : 'policy'));

    expect(status(await send([acquire(1, 'd-1'), acquire(2, 'd-2')]))).toEqual(['granted', 'queued']);
    expect(status(await send([{ type: 'release', input: { id: `gh:${REPO}#1`, reason: 'merged' }, eventId: 'd-3:wip', correlationId: 'github:d-3' }]))).toEqual(['released']);
    // #1's "opened" again (a redelivery), now next to a new event: without the id it would queue #1 a second time.
    expect(status(await send([acquire(1, 'd-1'), acquire(4, 'd-4')]))).toEqual(['duplicate', 'queued']);

    const handle = h.client.workflow.getHandle(podWipWorkflowId(podId));
    const { runId: firstRun } = await handle.describe();
    for (let i = 0; (await handle.describe()).runId === firstRun; i += 1) {
      if (i >= 200) throw new Error('the workflow never continued as new');
      await signalHeadShaChanged(h.client, podId, { repo: REPO, number: 2, headSha: sha(2, (i % 3) + 1) }, { ...start, taskQueue: h.taskQueue });
    }
    // The memory of applied ids travels with the state into the next run.
    expect(status(await send([acquire(4, 'd-4'), acquire(1, 'd-1'), acquire(5, 'd-5')]))).toEqual(['duplicate', 'duplicate', 'queued']);
    const state = await getWipState(h.client, podId);
    expect(state?.holders.map((x) => x.id)).toEqual([`gh:${REPO}#2`]);
    expect(state?.queue.map((x) => x.id)).toEqual([`gh:${REPO}#4`, `gh:${REPO}#5`]);

    // What each event caused is recorded under its delivery's correlation id, once.
    const rows = await eventually(async () => {
      const { rows } = await h.pool.query<{ type: string; correlation_id: string; item: string }>(
        `SELECT type, correlation_id, subject->>'workItemId' AS item FROM events WHERE subject->>'podId' = $1 AND type LIKE 'wip.%' ORDER BY occurred_at, type`,
        [podId],
      );
      return rows.length >= 6 ? rows : undefined;
    });
    expect(rows.map((r) => [r.type, r.item, r.correlation_id]).sort()).toEqual(
      [
        ['wip.granted', `gh:${REPO}#1`, 'github:d-1'],
        ['wip.queued', `gh:${REPO}#2`, 'github:d-2'],
        ['wip.released', `gh:${REPO}#1`, 'github:d-3'],
        ['wip.promoted', `gh:${REPO}#2`, 'github:d-3'],
        ['wip.queued', `gh:${REPO}#4`, 'github:d-4'],
        ['wip.queued', `gh:${REPO}#5`, 'github:d-5'],
      ].sort(),
    );
  }, 120_000);
});
