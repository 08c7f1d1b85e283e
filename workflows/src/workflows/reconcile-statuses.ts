import { getExternalWorkflowHandle, log, proxyActivities } from '@temporalio/workflow';
import type { ClosActivities } from '../activities/types.js';
import { refreshStatusesSignal } from '../shared/common-messages.js';
import type { ReconcileInput, ReconcileResult } from '../shared/workflow-inputs.js';

const { listEnforcementWorkflows } = proxyActivities<ClosActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

/** Workflows signalled at once; keeps a large org from flooding the server. */
const BATCH = 20;

/**
 * Never stuck: asks every running pod and project workflow to re-check the statuses it
 * owns against GitHub. Each one re-posts what is missing or stale there (a status deleted,
 * a write lost to an outage, a head moved while a webhook was lost). Run by a Temporal
 * Schedule; safe to run twice.
 */
export async function reconcileStatuses(input: ReconcileInput = {}): Promise<ReconcileResult> {
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
  return { signalled, failed };
}
