import type { DecisionsDueInput, DecisionsDueResult, PersonReviewInput, PersonReviewResult } from '../shared/leadership-messages.js';

/** The activities of the leadership schedules (built by `createLeadershipActivities`). */
export interface LeadershipActivities {
  /** Computes and stores the review of the period just ended, and sends it to the person. */
  generateReview(input: PersonReviewInput): Promise<PersonReviewResult>;
  /** Sends the person their decisions open past 48 hours, once a local day. */
  sendDecisionsDue(input: DecisionsDueInput): Promise<DecisionsDueResult>;
}
