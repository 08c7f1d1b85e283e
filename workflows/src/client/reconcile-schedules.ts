import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleSpec } from '@temporalio/client';
import { digestPeople, type ClosConfig, type DigestPerson } from '@clos/domain';

/** One Temporal Schedule a person's policy wants: its id (also the id of each workflow it starts), when it runs and what it starts. */
export interface WantedSchedule {
  scheduleId: string;
  spec: ScheduleSpec;
  workflowType: string;
  args: unknown[];
}

/** What {@link reconcilePersonSchedules} did: schedules kept or made, and people left out with the reason. */
export interface PersonSchedulesOutcome {
  scheduled: string[];
  skipped: { personId: string; reason: string }[];
}

/** Options of {@link reconcilePersonSchedules}. */
export interface ReconcilePersonSchedulesOptions {
  /** Every schedule id of this family starts with it; only those are candidates for deletion. */
  prefix: string;
  taskQueue: string;
  /** The schedules a person with a Slack id wants, in the order they are made. */
  schedulesOf: (person: DigestPerson) => WantedSchedule[];
}

/**
 * Brings one family of per-person schedules in line with clos.yml: for each person with a
 * Slack id, every schedule `schedulesOf` names is created, or updated to its spec and action
 * when it exists; people without one get none and are listed as skipped. Schedules under
 * `prefix` that this organisation and task queue made (a memo on each tells them apart) and
 * that are no longer wanted are deleted. Safe at every boot and after every policy change,
 * from several processes: a schedule made or deleted by another process meanwhile is no error.
 */
export async function reconcilePersonSchedules(client: Client, cfg: ClosConfig, options: ReconcilePersonSchedulesOptions): Promise<PersonSchedulesOutcome> {
  const { taskQueue } = options;
  const memo = { org: cfg.org, taskQueue };
  const wanted = new Set<string>();
  const skipped: PersonSchedulesOutcome['skipped'] = [];
  for (const person of digestPeople(cfg)) {
    if (person.slack === undefined) {
      skipped.push({ personId: person.personId, reason: 'no Slack id in clos.yml' });
      continue;
    }
    for (const { scheduleId, spec, workflowType, args } of options.schedulesOf(person)) {
      wanted.add(scheduleId);
      const action = { type: 'startWorkflow' as const, workflowType, workflowId: scheduleId, taskQueue, args };
      try {
        await client.schedule.create({ scheduleId, spec, action, memo, policies: { overlap: 'SKIP', catchupWindow: '1 hour' } });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
      }
    }
  }
  for await (const schedule of client.schedule.list()) {
    if (!schedule.scheduleId.startsWith(options.prefix) || wanted.has(schedule.scheduleId)) continue;
    if (schedule.memo?.org !== memo.org || schedule.memo.taskQueue !== memo.taskQueue) continue;
    await client.schedule
      .getHandle(schedule.scheduleId)
      .delete()
      .catch((error: unknown) => {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      });
  }
  return { scheduled: [...wanted], skipped };
}
