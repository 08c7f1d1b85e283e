import { getExternalWorkflowHandle, log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ClosActivities } from '../activities/types.js';
import { refreshStatusesSignal } from '../shared/common-messages.js';
import type { ReconcileInput, ReconcileResult } from '../shared/workflow-inputs.js';
import { refreshTurn } from './reconcile-pacing.js';

const { listEnforcementWorkflows, adoptOpenPullRequests } = proxyActivities<ClosActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

/** Runs recorded before the reconciler looked at GitHub's open PRs replay without it. */
const ADOPT_PATCH = 'adopt-open-pull-requests';

/** Runs recorded before the status refresh was paced replay without it. */
const PACE_PATCH = 'paced-status-refresh';

/** Workflows signalled at once; keeps a large org from flooding the server. */
const BATCH = 20;

/**
 * Never stuck: first lists the open PRs of every repository a pod owns and has the pod's
 * workflow acquire those it never heard of (a lost `opened`) or knows at an old head (a
 * lost `synchronize`), and release those it holds that GitHub reports closed or merged (a
 * lost `closed`), telling their projects' gates too; then asks every running pod and
 * project workflow to re-check the statuses it owns against GitHub. Each one re-posts what is missing or stale there (a
 * status deleted, a write lost to an outage) — all of them each run, or one turn of them a run when
 * `githubReadsPerHour` would otherwise be exceeded. Run by a Temporal Schedule; safe to run twice.
 */
export async function reconcileStatuses(input: ReconcileInput = {}): Promise<ReconcileResult> {
  let adopted: string[] | undefined;
  let released: string[] | undefined;
  let seen: number | undefined;
  if (patched(ADOPT_PATCH)) {
    try {
      const found = await adoptOpenPullRequests(input.taskQueue !== undefined ? { taskQueue: input.taskQueue } : {});
      adopted = found.adopted;
      released = found.released;
      seen = found.seen;
      for (const failure of found.failedRepos) log.warn('could not list the open pull requests of a repository', failure);
    } catch (error) {
      // The status pass below still runs: it repairs what the workflows already know.
      log.warn('adopting open pull requests failed', { error: String(error) });
    }
  }
  let ids = await listEnforcementWorkflows({
    limit: input.limit ?? 1000,
    ...(input.taskQueue !== undefined ? { taskQueue: input.taskQueue } : {}),
  });
  // Each refreshed workflow reads its statuses back from GitHub: at a thousand pods that is
  // tens of thousands of reads a run, past the installation's hourly limit. Paced, a run
  // refreshes one turn of the workflows and the next run the next.
  let turn: ReconcileResult['turn'];
  if (input.githubReadsPerHour !== undefined && seen !== undefined && patched(PACE_PATCH)) {
    const paced = refreshTurn({
      ids,
      openPullRequests: seen,
      readsPerHour: input.githubReadsPerHour,
      everyMinutes: input.everyMinutes ?? 10,
      startedAt: workflowInfo().startTime.getTime(),
    });
    ids = paced.ids;
    turn = { turn: paced.turn, turns: paced.turns };
  }
  let signalled = 0;
  let failed = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    await Promise.all(
      ids.slice(i, i + BATCH).map(async (id) => {
        try {
          await getExternalWorkflowHandle(id).signal(refreshStatusesSignal, { reason: 'reconciler' });
          signalled += 1;
        } catch (error) {
          // The workflow may have ended between the listing and the signal.
          failed += 1;
          log.warn('could not ask a workflow to refresh its statuses', { workflowId: id, error: String(error) });
        }
      }),
    );
  }
  return {
    signalled,
    failed,
    ...(adopted !== undefined ? { adopted } : {}),
    ...(released !== undefined ? { released } : {}),
    ...(turn !== undefined ? { turn } : {}),
  };
}
