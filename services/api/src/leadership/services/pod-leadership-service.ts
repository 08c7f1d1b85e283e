import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { localDate, addDays } from '@clos/platform';

/** Fewest people a pod view aggregates over: below it, nothing is shown, so no one can be singled out. */
export const MIN_AGGREGATE_PEOPLE = 3;

/** A pod's leadership rhythm as aggregates only; never a person's own row or text. */
export function podLeadershipService(deps: ServiceDependencies) {
  return {
    async podLeadership(_ctx: CallContext, input: { podId: string; days?: number | undefined }) {
      const now = deps.now();
      const days = input.days ?? 14;
      const to = localDate(now, deps.config.current().timezone);
      const from = addDays(to, -(days - 1));
      const { rows } = await deps.pool.query<{
        people: number;
        checkins: number;
        avg_stress: string | null;
        high: number;
        medium: number;
        low: number;
        missions: number;
        done: number;
        overdue: number;
      }>(
        `WITH members AS (SELECT person_id FROM memberships WHERE pod_id = $1),
              c AS (SELECT * FROM leadership_checkins WHERE person_id IN (SELECT person_id FROM members) AND local_date BETWEEN $2::date AND $3::date)
         SELECT (SELECT count(DISTINCT person_id) FROM c)::int AS people,
                (SELECT count(*) FROM c)::int AS checkins,
                (SELECT avg(stress) FROM c)::numeric(4,1)::text AS avg_stress,
                (SELECT count(*) FROM c WHERE energy = 'high')::int AS high,
                (SELECT count(*) FROM c WHERE energy = 'medium')::int AS medium,
                (SELECT count(*) FROM c WHERE energy = 'low')::int AS low,
                (SELECT count(*) FROM c WHERE mission_enc IS NOT NULL)::int AS missions,
                (SELECT count(*) FROM c WHERE completion IN ('delivered', 'delegated'))::int AS done,
                (SELECT count(*) FROM leadership_decisions WHERE person_id IN (SELECT person_id FROM members)
                   AND decided_at IS NULL AND opened_at < $4)::int AS overdue`,
        [input.podId, from, to, new Date(now.getTime() - 48 * 3_600_000)],
      );
      const r = rows[0]!;
      const base = { podId: input.podId, from, to, people: r.people, minimumPeople: MIN_AGGREGATE_PEOPLE };
      if (r.people < MIN_AGGREGATE_PEOPLE) {
        return { ...base, shown: false as const, message: `Fewer than ${MIN_AGGREGATE_PEOPLE} people checked in over these days: aggregates are hidden so no one can be singled out` };
      }
      return {
        ...base,
        shown: true as const,
        aggregates: {
          checkins: r.checkins,
          averageStress: r.avg_stress === null ? null : Number(r.avg_stress),
          energy: { high: r.high, medium: r.medium, low: r.low },
          completionRate: r.missions === 0 ? null : Math.round((r.done / r.missions) * 100) / 100,
          decisionsOverdue: r.overdue,
        },
      };
    },
  };
}
