import { invalidInput } from '@clos/domain';
import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { addDays, monthEnd, monthStart, weekStart } from '../local-date.js';
import { checkinRecords } from '../records/checkins-records.js';
import { decisionRecords } from '../records/decisions-records.js';
import { delegationRecords } from '../records/delegations-records.js';
import { paralysisRecords } from '../records/paralysis-records.js';
import { projectRecords } from '../records/projects-records.js';
import { reviewRecords, type Review, type ReviewKind } from '../records/reviews-records.js';
import { leadershipCallers, type LeadershipCaller } from './leadership-context.js';
import { reviewFigures } from './review-figures.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Weekly and monthly reviews: the period's figures, stored with the person's focus. */
export function reviewsService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);

  const compute = async (c: LeadershipCaller, kind: ReviewKind, date: string): Promise<Review> => {
    if (!DATE.test(date)) throw invalidInput(`date: "${date}" is not a date (YYYY-MM-DD)`);
    const from = kind === 'weekly' ? weekStart(date) : monthStart(date);
    const to = kind === 'weekly' ? addDays(from, 6) : monthEnd(from);
    const since = new Date(`${from}T00:00:00Z`);
    const until = (iso: string) => iso.slice(0, 10) <= to;
    const decisions = (await decisionRecords(deps.pool, c.cipher, c.personId).list({ since, limit: 10_000 }, c.now)).filter((d) => until(d.openedAt));
    const delegations = (await delegationRecords(deps.pool, c.cipher, c.personId).list({ since, limit: 10_000 })).filter((d) => until(d.createdAt));
    const figures = reviewFigures({
      from,
      to,
      checkins: await checkinRecords(deps.pool, c.cipher, c.personId).list(from, to),
      decisions,
      delegations,
      projects: await projectRecords(deps.pool, c.cipher, c.personId).list({}),
      paralysisEpisodes: (await paralysisRecords(deps.pool, c.cipher, c.personId).list(from, to)).length,
    });
    return reviewRecords(deps.pool, c.cipher, c.personId).saveFigures(kind, from, figures as unknown as Record<string, unknown>);
  };

  return {
    /** The review of the week (or month) holding `date`, default today; computed now and stored. */
    async getReview(ctx: CallContext, input: { kind: ReviewKind; date?: string | undefined }): Promise<Review> {
      const c = await caller(ctx);
      return compute(c, input.kind, input.date ?? c.today);
    },
    /** Sets this week's focus and at most a few secondary priorities. */
    async setWeeklyFocus(ctx: CallContext, input: { focus: string; secondary?: string[] | undefined }): Promise<Review> {
      const c = await caller(ctx);
      return reviewRecords(deps.pool, c.cipher, c.personId).setFocus(weekStart(c.today), input.focus, input.secondary ?? []);
    },
  };
}
