import { getExternalWorkflowHandle, log, patched, proxyActivities } from '@temporalio/workflow';
import type { ClosActivities } from '../activities/types.js';
import { refreshStatusesSignal } from '../shared/common-messages.js';
import type { ReconcileInput, ReconcileResult } from '../shared/workflow-inputs.js';

const { listEnforcementWorkflows, adoptOpenPullRequests } = proxyActivities<ClosActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

/** Runs recorded before the reconciler looked at GitHub's open PRs replay without it. */
const ADOPT_PATCH = 'adopt-open-pull-requests';

/** Workflows signalled at once; keeps a large org from flooding the server. */
const BATCH = 20;

/**
 * Never stuck: first lists the open PRs of every repository a pod owns and has the pod's
 * workflow acquire those it never heard of (a lost `opened`) or knows at an old head (a
 * lost `synchronize`), and release those it holds that GitHub reports closed or merged (a
 * lost `closed`), telling their projects' gates too; then asks every running pod and
 * project workflow to re-check the statuses it owns against GitHub. Each one re-posts what is missing or stale there (a
 * status deleted, a write lost to an outage). Run by a Temporal Schedule; safe to run twice.
 */
export async function reconcileStatuses(input: ReconcileInput = {}): Promise<ReconcileResult> {
  let adopted: string[] | undefined;
  let released: string[] | undefined;
  if (patched(ADOPT_PATCH)) {
    try {
      const found = await adoptOpenPullRequests(input.taskQueue !== undefined ? { taskQueue: input.taskQueue } : {});
      adopted = found.adopted;
      released = found.released;
      for (const failure of found.failedRepos) log.warn('could not list the open pull requests of a repository', failure);
    } catch (error) {
      // The status pass below still runs: it repairs what the workflows already know.
      log.warn('adopting open pull requests failed', { error: String(error) });
    }
  }
  const ids = await listEnforcementWorkflows({
    limit: input.limit ?? 1000,
    ...(input.taskQueue !== undefined ? { taskQueue: input.taskQueue } : {}),
  });
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
  return { signalled, failed, ...(adopted !== undefined ? { adopted } : {}), ...(released !== undefined ? { released } : {}) };
}
