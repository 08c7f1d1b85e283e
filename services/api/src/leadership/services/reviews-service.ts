import { computePeriodReview, reviewRecords, weekStart, type Review, type ReviewKind } from '@clos/platform';
import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { leadershipCallers } from './leadership-context.js';

/** Weekly and monthly reviews: the period's figures, stored with the person's focus. */
export function reviewsService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);

  return {
    /** The review of the week (or month) holding `date`, default today; computed now and stored. */
    async getReview(ctx: CallContext, input: { kind: ReviewKind; date?: string | undefined }): Promise<Review> {
      const c = await caller(ctx);
      const { review } = await computePeriodReview(deps.pool, { cipher: c.cipher, personId: c.personId, kind: input.kind, date: input.date ?? c.today, timeZone: c.timeZone, now: c.now });
      return review;
    },
    /** Sets this week's focus and at most a few secondary priorities. */
    async setWeeklyFocus(ctx: CallContext, input: { focus: string; secondary?: string[] | undefined }): Promise<Review> {
      const c = await caller(ctx);
      return reviewRecords(deps.pool, c.cipher, c.personId).setFocus(weekStart(c.today), input.focus, input.secondary ?? []);
    },
  };
}
