import { ScheduleAlreadyRunning } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { RECONCILER_SCHEDULE_ID, RECONCILER_WORKFLOW_ID, TASK_QUEUE, WORKFLOW_TYPES } from '../shared/ids.js';
import type { reconcileStatuses } from '../workflows/reconcile-statuses.js';

/** Options of {@link ensureSchedules}. */
export interface EnsureSchedulesOptions {
  taskQueue?: string;
  /** How often the reconciler runs. Default 10 minutes. */
  reconcileEvery?: Duration;
  /** Schedule id; one per deployment sharing a namespace. Default `clos-status-reconciler`. */
  scheduleId?: string;
}

/**
 * Creates the Temporal Schedules CLOS runs (the status reconciler), or brings an existing
 * one to the given options — safe to call at every boot, from several processes at once.
 */
export async function ensureSchedules(client: Client, options: EnsureSchedulesOptions = {}): Promise<void> {
  const every: Duration = options.reconcileEvery ?? '10 minutes';
  const scheduleId = options.scheduleId ?? RECONCILER_SCHEDULE_ID;
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: WORKFLOW_TYPES.reconcileStatuses,
    workflowId: `${RECONCILER_WORKFLOW_ID}:${scheduleId}`,
    taskQueue,
    args: [{ taskQueue }] as Parameters<typeof reconcileStatuses>,
  };
  try {
    await client.schedule.create<typeof reconcileStatuses>({
      scheduleId,
      spec: { intervals: [{ every }] },
      action,
      policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update<typeof reconcileStatuses>((previous) => ({
      ...previous,
      spec: { intervals: [{ every }] },
      action,
    }));
  }
}
