/**
 * The per-pod standup reminder: a Temporal Schedule per pod runs `standupReminder` on
 * working-day mornings in the organisation's time zone; it nudges who has not answered,
 * escalates blockers open too long to the pod's leads, and reminds the pod of demos.
 */

/** Id of a pod's standup reminder schedule: `standup-reminder:<podId>`. */
export function standupReminderScheduleId(podId: string): string {
  return `standup-reminder:${podId}`;
}

/** Prefix of every standup reminder schedule id. */
export const STANDUP_REMINDER_PREFIX = 'standup-reminder:';

/** Workflow type name of the reminder. */
export const STANDUP_REMINDER_WORKFLOW = 'standupReminder';

/** Start argument of `standupReminder`. */
export interface StandupReminderInput {
  podId: string;
}

/** What one run of `standupReminder` did; -1 for a step that failed (and was logged). */
export interface StandupReminderResult {
  nudged: number;
  escalated: number;
  demoReminders: number;
}
