import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { POD_HEALTH_SCHEDULE_ID, POD_HEALTH_WORKFLOW } from '../shared/health-messages.js';
import { TASK_QUEUE } from '../shared/ids.js';
import type { podHealthScan } from '../workflows/pod-health-scan.js';

/** Options of {@link ensureHealthSchedule}. */
export interface EnsureHealthScheduleOptions {
  taskQueue?: string;
  /** How often pods are scored. Default 1 hour. */
  every?: Duration;
  /** Schedule id; one per deployment sharing a namespace. Default `clos-pod-health`. */
  scheduleId?: string;
}

/**
 * Creates the hourly pod health scan's Temporal Schedule, or brings an existing one to the
 * given options — safe to call at every boot, from several processes at once. Returns the
 * schedule id.
 */
export async function ensureHealthSchedule(client: Client, options: EnsureHealthScheduleOptions = {}): Promise<string> {
  const every: Duration = options.every ?? '1 hour';
  const scheduleId = options.scheduleId ?? POD_HEALTH_SCHEDULE_ID;
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const spec = { intervals: [{ every }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: POD_HEALTH_WORKFLOW,
    workflowId: `${POD_HEALTH_SCHEDULE_ID}:${scheduleId}`,
    taskQueue,
    args: [{}] as Parameters<typeof podHealthScan>,
  };
  try {
    await client.schedule.create<typeof podHealthScan>({
      scheduleId,
      spec,
      action,
      policies: { overlap: 'SKIP', catchupWindow: '10 minutes' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update<typeof podHealthScan>((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}

/** Options of {@link scanPodHealthNow}. */
export interface ScanPodHealthNowOptions {
  taskQueue?: string;
}

/**
 * Starts a pod health scan now, outside the hourly schedule (at worker boot and on an admin's
 * request), and returns its handle. The workflow id is one per task queue: calls made while a
 * scan runs join that scan instead of starting another.
 */
export async function scanPodHealthNow(client: Client, options: ScanPodHealthNowOptions = {}) {
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  return client.workflow.start<typeof podHealthScan>(POD_HEALTH_WORKFLOW, {
    taskQueue,
    workflowId: `${POD_HEALTH_SCHEDULE_ID}:now:${taskQueue}`,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [{}],
  });
}
