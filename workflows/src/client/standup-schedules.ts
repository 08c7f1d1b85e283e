import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { ClosConfig } from '@clos/domain';
import { TASK_QUEUE } from '../shared/ids.js';
import {
  STANDUP_REMINDER_PREFIX,
  STANDUP_REMINDER_WORKFLOW,
  standupReminderScheduleId,
  type StandupReminderInput,
} from '../shared/standup-messages.js';
import type { standupReminder } from '../workflows/standup-reminder.js';

/** Options of {@link ensureStandupSchedules}. */
export interface EnsureStandupSchedulesOptions {
  taskQueue?: string;
  /** Local time of the reminder, `HH:MM` in the organisation's time zone. Default `09:30`. */
  at?: string;
}

const WORKING_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;

/**
 * Brings the standup reminder schedules in line with clos.yml: one per pod, on working
 * days at `at` in the organisation's time zone; schedules this organisation and task queue
 * created for pods no longer configured are deleted (a memo on each schedule tells them
 * apart). Safe to call at every boot and after every reload, from several processes.
 */
export async function ensureStandupSchedules(client: Client, cfg: ClosConfig, options: EnsureStandupSchedulesOptions = {}): Promise<string[]> {
  const [hour, minute] = parseTime(options.at ?? '09:30');
  const spec = { calendars: [{ dayOfWeek: [...WORKING_DAYS], hour, minute, comment: 'standup reminder' }], timezone: cfg.timezone };
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const memo = { org: cfg.org, taskQueue };
  const wanted = new Set<string>();
  for (const pod of cfg.pods) {
    const scheduleId = standupReminderScheduleId(pod.id);
    wanted.add(scheduleId);
    const action = {
      type: 'startWorkflow' as const,
      workflowType: STANDUP_REMINDER_WORKFLOW,
      workflowId: scheduleId,
      taskQueue,
      args: [{ podId: pod.id } satisfies StandupReminderInput] as Parameters<typeof standupReminder>,
    };
    try {
      await client.schedule.create<typeof standupReminder>({ scheduleId, spec, action, memo, policies: { overlap: 'SKIP', catchupWindow: '1 hour' } });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(scheduleId).update<typeof standupReminder>((previous) => ({ ...previous, spec, action }));
    }
  }
  for await (const schedule of client.schedule.list()) {
    if (!schedule.scheduleId.startsWith(STANDUP_REMINDER_PREFIX) || wanted.has(schedule.scheduleId)) continue;
    if (schedule.memo?.org !== memo.org || schedule.memo.taskQueue !== memo.taskQueue) continue;
    await client.schedule
      .getHandle(schedule.scheduleId)
      .delete()
      .catch((error: unknown) => {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      });
  }
  return [...wanted];
}

function parseTime(text: string): [number, number] {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) throw new RangeError(`expected a time as HH:MM, got ${JSON.stringify(text)}`);
  return [hour, minute];
}
