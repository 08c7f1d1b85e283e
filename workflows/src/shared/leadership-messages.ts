/**
 * Leadership schedules: per person, a weekly review (Monday morning) and a monthly review
 * (the first of the month) of the period just ended, and on working-day mornings the
 * decisions open past 48 hours — each sent to the person alone, by direct message.
 */

/** Workflow type names. */
export const PERSON_REVIEW_WORKFLOW = 'personReview';
export const DECISIONS_DUE_WORKFLOW = 'decisionsDue';

/** Review cadences. */
export const REVIEW_KINDS = ['weekly', 'monthly'] as const;
export type ReviewCadence = (typeof REVIEW_KINDS)[number];

/** Prefix of every leadership schedule id. */
export const LEADERSHIP_SCHEDULE_PREFIX = 'leadership:';

/** Id of a person's review schedule: `leadership:<personId>:review-<kind>`. */
export function reviewScheduleId(personId: string, kind: ReviewCadence): string {
  return `${LEADERSHIP_SCHEDULE_PREFIX}${personId}:review-${kind}`;
}

/** Id of a person's decisions-due schedule: `leadership:<personId>:decisions-due`. */
export function decisionsDueScheduleId(personId: string): string {
  return `${LEADERSHIP_SCHEDULE_PREFIX}${personId}:decisions-due`;
}

/** What started a run. */
export type LeadershipTrigger = 'schedule' | 'on-demand';

/** Start argument of `personReview`. */
export interface PersonReviewInput {
  personId: string;
  kind: ReviewCadence;
  trigger: LeadershipTrigger;
}

/**
 * What a review run did. Only dates and counts: a person's figures and words stay out of
 * the workflow history, which the people running Temporal can read.
 */
export type PersonReviewResult =
  | { status: 'sent'; periodStart: string; periodEnd: string; ms: number }
  | { status: 'stored'; periodStart: string; periodEnd: string; ms: number; reason: string }
  | { status: 'skipped'; reason: string };

/** Start argument of `decisionsDue`. */
export interface DecisionsDueInput {
  personId: string;
  trigger: LeadershipTrigger;
}

/** What a decisions-due run did: how many it listed, or why it sent nothing. */
export type DecisionsDueResult = { status: 'sent'; overdue: number } | { status: 'none' } | { status: 'skipped'; reason: string };
