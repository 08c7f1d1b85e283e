import type { Client } from '@temporalio/client';
import { DIGEST_KINDS, DIGEST_WEEKDAYS, type ClosConfig } from '@clos/domain';
import { TASK_QUEUE } from '../shared/ids.js';
import { DIGEST_SCHEDULE_PREFIX, digestScheduleId, PERSON_DIGEST_WORKFLOW, type PersonDigestInput } from '../shared/digest-messages.js';
import type { personDigest } from '../workflows/person-digest.js';
import { reconcilePersonSchedules, type PersonSchedulesOutcome } from './reconcile-schedules.js';

/** Options of {@link ensureDigestSchedules}. */
export interface EnsureDigestSchedulesOptions {
  taskQueue?: string;
}

/** What {@link ensureDigestSchedules} did: schedules kept or made, and people left out with the reason. */
export type DigestSchedulesOutcome = PersonSchedulesOutcome;

/**
 * Brings the digest schedules in line with clos.yml: per person and kind not `off`, a
 * Temporal Schedule on working days (the weekly one on its weekday) at the local time, in
 * the person's time zone — Temporal computes each run in that zone, so a daylight-saving
 * change moves nothing locally. People without a Slack id get none (and are listed as
 * skipped); schedules this organisation and task queue made that clos.yml no longer
 * wants are deleted. Safe at every boot and after every policy change, from several processes.
 */
export async function ensureDigestSchedules(client: Client, cfg: ClosConfig, options: EnsureDigestSchedulesOptions = {}): Promise<DigestSchedulesOutcome> {
  return reconcilePersonSchedules(client, cfg, {
    prefix: DIGEST_SCHEDULE_PREFIX,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    schedulesOf: (person) =>
      DIGEST_KINDS.flatMap((kind) => {
        const time = person.times[kind];
        if (time.off) return [];
        const dayOfWeek = time.weekday !== undefined ? [time.weekday] : [...DIGEST_WEEKDAYS];
        const spec = { calendars: [{ dayOfWeek, hour: time.hour, minute: time.minute, comment: `${kind} digest` }], timezone: person.timezone };
        const args = [{ personId: person.personId, kind, trigger: 'schedule' } satisfies PersonDigestInput] satisfies Parameters<typeof personDigest>;
        return [{ scheduleId: digestScheduleId(person.personId, kind), spec, workflowType: PERSON_DIGEST_WORKFLOW, args }];
      }),
  });
}

/**
 * Runs one person's digest now and waits for the outcome (the on-demand path). The
 * workflow id carries the request id, so each request is its own run; the digest record's
 * unique key is what makes a second run the same local day send nothing.
 */
export async function runPersonDigest(client: Client, input: Omit<PersonDigestInput, 'trigger'> & { requestId: string; taskQueue?: string }) {
  return client.workflow.execute<typeof personDigest>(PERSON_DIGEST_WORKFLOW, {
    taskQueue: input.taskQueue ?? TASK_QUEUE,
    workflowId: `digest-run:${input.personId}:${input.kind}:${input.requestId}`,
    args: [{ personId: input.personId, kind: input.kind, trigger: 'on-demand' }],
  });
}
