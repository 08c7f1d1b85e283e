import type { Client } from '@temporalio/client';
import { DIGEST_WEEKDAYS, type ClosConfig } from '@clos/domain';
import { TASK_QUEUE } from '../shared/ids.js';
import {
  DECISIONS_DUE_WORKFLOW,
  decisionsDueScheduleId,
  LEADERSHIP_SCHEDULE_PREFIX,
  PERSON_REVIEW_WORKFLOW,
  REVIEW_KINDS,
  reviewScheduleId,
  type DecisionsDueInput,
  type PersonReviewInput,
} from '../shared/leadership-messages.js';
import type { decisionsDue, personReview } from '../workflows/person-review.js';
import { reconcilePersonSchedules, type PersonSchedulesOutcome } from './reconcile-schedules.js';

/** Local time the reviews are made: early, so they wait for the person at the start of the day. */
export const REVIEW_TIME = { hour: 7, minute: 30 } as const;

/** Options of {@link ensureLeadershipSchedules}. */
export interface EnsureLeadershipSchedulesOptions {
  taskQueue?: string;
}

/** What {@link ensureLeadershipSchedules} did: schedules kept or made, and people left out with the reason. */
export type LeadershipSchedulesOutcome = PersonSchedulesOutcome;

/**
 * Brings the leadership schedules in line with clos.yml, as the digest schedules are: per
 * person with a Slack id, the weekly review on Monday and the monthly review on the first, at
 * {@link REVIEW_TIME}, and the decisions-due message on working days at their morning digest
 * time (08:00 when their morning digest is off) — each a Temporal Schedule in the person's
 * time zone. Schedules this organisation and task queue made that clos.yml no longer wants
 * are deleted. Safe at every boot and after every policy change, from several processes.
 */
export async function ensureLeadershipSchedules(client: Client, cfg: ClosConfig, options: EnsureLeadershipSchedulesOptions = {}): Promise<LeadershipSchedulesOutcome> {
  return reconcilePersonSchedules(client, cfg, {
    prefix: LEADERSHIP_SCHEDULE_PREFIX,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    schedulesOf: (person) => {
      const reviews = REVIEW_KINDS.map((kind) => {
        const calendar = kind === 'weekly' ? { dayOfWeek: 'MONDAY' as const } : { dayOfMonth: 1 };
        return {
          scheduleId: reviewScheduleId(person.personId, kind),
          spec: { calendars: [{ ...calendar, ...REVIEW_TIME, comment: `${kind} review` }], timezone: person.timezone },
          workflowType: PERSON_REVIEW_WORKFLOW,
          args: [{ personId: person.personId, kind, trigger: 'schedule' } satisfies PersonReviewInput] satisfies Parameters<typeof personReview>,
        };
      });
      const morning = person.times.morning.off ? { hour: 8, minute: 0 } : { hour: person.times.morning.hour, minute: person.times.morning.minute };
      const decisions = {
        scheduleId: decisionsDueScheduleId(person.personId),
        spec: { calendars: [{ dayOfWeek: [...DIGEST_WEEKDAYS], ...morning, comment: 'decisions open past 48 hours' }], timezone: person.timezone },
        workflowType: DECISIONS_DUE_WORKFLOW,
        args: [{ personId: person.personId, trigger: 'schedule' } satisfies DecisionsDueInput] satisfies Parameters<typeof decisionsDue>,
      };
      return [...reviews, decisions];
    },
  });
}

/** Where the policy in force is read, and how to hear of the next one. */
export interface FollowedLeadershipPolicy {
  current(): ClosConfig | undefined;
  onChange?(listener: (cfg: ClosConfig) => void): () => void;
}

/**
 * Ensures the leadership schedules now and after every policy change, so a member added or
 * a time zone moved takes effect without a restart. Returns the unsubscribe.
 */
export async function followLeadershipSchedules(
  client: Client,
  policy: FollowedLeadershipPolicy,
  taskQueue: string,
  logger: { info(fields: Record<string, unknown>, message: string): void; warn(fields: Record<string, unknown>, message: string): void },
): Promise<() => void> {
  let queue = Promise.resolve();
  const ensure = (cfg: ClosConfig): Promise<void> =>
    (queue = queue
      .then(async () => {
        const outcome = await ensureLeadershipSchedules(client, cfg, { taskQueue });
        logger.info({ schedules: outcome.scheduled.length, skipped: outcome.skipped }, 'leadership schedules ensured');
      })
      .catch((error: unknown) => logger.warn({ error: String(error) }, 'leadership schedules could not be ensured')));
  const current = policy.current();
  if (current !== undefined) await ensure(current);
  return policy.onChange?.((cfg) => void ensure(cfg)) ?? (() => undefined);
}
