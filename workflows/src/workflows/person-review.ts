import { proxyActivities } from '@temporalio/workflow';
import type { LeadershipActivities } from '../activities/leadership-types.js';
import type { DecisionsDueInput, DecisionsDueResult, PersonReviewInput, PersonReviewResult } from '../shared/leadership-messages.js';

const leadership = proxyActivities<LeadershipActivities>({
  // A monthly review reads a month of records and prints nothing: well inside a minute.
  startToCloseTimeout: '1 minute',
  // Storing is an upsert and the DM is sent under a key per person and period, so a retry repeats nothing.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** One person's weekly or monthly review of the period just ended: computed, stored, sent to them. */
export async function personReview(input: PersonReviewInput): Promise<PersonReviewResult> {
  return leadership.generateReview(input);
}

/** One person's decisions open past 48 hours, sent to them. */
export async function decisionsDue(input: DecisionsDueInput): Promise<DecisionsDueResult> {
  return leadership.sendDecisionsDue(input);
}
