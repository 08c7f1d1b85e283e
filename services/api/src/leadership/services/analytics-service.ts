import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { localDate, checkinRecords, decisionRecords, delegationRecords, paralysisRecords } from '@clos/platform';
import { dailyPatterns, delegationPredictors, paralysisTriggers, shippingTrend } from './analytics.js';
import { leadershipCallers, periodStart } from './leadership-context.js';

/** The analyses `clos analyze` runs. */
export const ANALYSES = ['patterns', 'shipping', 'paralysis', 'delegation'] as const;
export type Analysis = (typeof ANALYSES)[number];

/** Pattern analytics over a person's own records. */
export function analyticsService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);
  return {
    async analyze(ctx: CallContext, input: { kind: Analysis; period?: string | undefined }) {
      const c = await caller(ctx);
      const since = periodStart(input.period, c.now);
      const from = localDate(since, c.timeZone);
      const checkins = await checkinRecords(deps.pool, c.cipher, c.personId).list(from, c.today);
      const base = { kind: input.kind, period: input.period ?? '3months', from, to: c.today };
      switch (input.kind) {
        case 'patterns':
          return { ...base, finding: dailyPatterns(checkins) };
        case 'shipping': {
          const { series, trend } = shippingTrend(checkins);
          return { ...base, series, finding: trend };
        }
        case 'paralysis': {
          const episodes = await paralysisRecords(deps.pool, c.cipher, c.personId).list(from, c.today);
          const types = await decisionRecords(deps.pool, c.cipher, c.personId).typesOf(episodes.flatMap((e) => (e.decisionId === null ? [] : [e.decisionId])));
          return { ...base, finding: paralysisTriggers(episodes, checkins, types) };
        }
        case 'delegation':
          return { ...base, finding: delegationPredictors(await delegationRecords(deps.pool, c.cipher, c.personId).list({ since, limit: 10_000 })) };
      }
    },
  };
}
