import { ScheduleAlreadyRunning } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { RECONCILER_SCHEDULE_ID, RECONCILER_WORKFLOW_ID, TASK_QUEUE, WORKFLOW_TYPES } from '../shared/ids.js';
import type { reconcileStatuses } from '../workflows/reconcile-statuses.js';

/**
 * GitHub reads an hour the reconciler's status refresh keeps to by default: 40 % of a GitHub
 * App installation's primary limit (5,000 an hour), the rest left to webhook-driven work.
 */
export const RECONCILER_GITHUB_READS_PER_HOUR = 2_000;

/** Options of {@link ensureSchedules}. */
export interface EnsureSchedulesOptions {
  taskQueue?: string;
  /** How often the reconciler runs. Default 10 minutes. */
  reconcileEvery?: Duration;
  /** GitHub reads the reconciler's status refresh may spend an hour (default {@link RECONCILER_GITHUB_READS_PER_HOUR}). */
  githubReadsPerHour?: number;
  /** Schedule id; one per deployment sharing a namespace. Default `clos-status-reconciler`. */
  scheduleId?: string;
}

/**
 * Creates the Temporal Schedules CLOS runs (the status reconciler), or brings an existing
 * one to the given options — safe to call at every boot, from several processes at once.
 */
export async function ensureSchedules(client: Client, options: EnsureSchedulesOptions = {}): Promise<void> {
  const every: Duration = options.reconcileEvery ?? '10 minutes';
  const everyMinutes = minutesOf(every);
  const scheduleId = options.scheduleId ?? RECONCILER_SCHEDULE_ID;
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: WORKFLOW_TYPES.reconcileStatuses,
    workflowId: `${RECONCILER_WORKFLOW_ID}:${scheduleId}`,
    taskQueue,
    args: [
      {
        taskQueue,
        githubReadsPerHour: options.githubReadsPerHour ?? RECONCILER_GITHUB_READS_PER_HOUR,
        ...(everyMinutes !== undefined ? { everyMinutes } : {}),
      },
    ] as Parameters<typeof reconcileStatuses>,
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

/** A schedule interval in minutes: milliseconds, or "<n> minutes|hours" (as the options are written); undefined otherwise. */
function minutesOf(every: Duration): number | undefined {
  if (typeof every === 'number') return every / 60_000;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?)\s*$/i.exec(String(every));
  if (match === null) return undefined;
  const value = Number(match[1]);
  return /^h/i.test(match[2]!) ? value * 60 : value;
}
