import { weekStartsBetween } from '@clos/domain';
import type { z } from 'zod';
import type { CallContext } from '@clos/app';
import { USAGE_COUNTERS } from '../../usage/index.js';
import type { metricsQuerySchema, metricsSummarySchema } from '../schemas/briefing-schemas.js';
import { scopeCondition, type ServiceDependencies } from '../services/service-context.js';

type MetricsSummary = z.output<typeof metricsSummarySchema>;
const DAY_MS = 86_400_000;

/**
 * The success metrics as one JSON summary: stage cycle time, WIP violations and ideas
 * evaluated per week (over the pods the caller sees), Slack commands and dashboard views
 * per day (organisation-wide counters).
 */
export function metricsSummaryService(deps: ServiceDependencies) {
  return {
    /** The last `weeks` weeks. */
    async getMetricsSummary(ctx: CallContext, input: z.output<typeof metricsQuerySchema>): Promise<MetricsSummary> {
      const now = deps.now();
      const to = now.toISOString();
      const from = new Date(now.getTime() - input.weeks * 7 * DAY_MS).toISOString();
      const scoped = (column: string) => {
        const values: unknown[] = [from, to];
        return { values, where: scopeCondition(column, ctx.pods, values) };
      };
      const cycle = scoped('p.pod_id');
      const violations = scoped('e.pod_id');
      const ideas = scoped('i.pod_id');
      const [stages, queued, evaluated, usage] = await Promise.all([
        // A stage's time: from the transition into it to the next transition of the project.
        deps.pool.query<{ template_id: string; stage: string; median_days: number; count: string }>(
          `WITH spans AS (
             SELECT p.template_id, t.to_stage AS stage, t.at AS entered_at,
                    lead(t.at) OVER (PARTITION BY t.project_id ORDER BY t.at, t.id) AS left_at
               FROM stage_transitions t JOIN projects p ON p.id = t.project_id
              WHERE ${cycle.where})
           SELECT template_id, stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (left_at - entered_at)) / 86400) AS median_days,
                  count(*) AS count
             FROM spans WHERE left_at >= $1::timestamptz AND left_at < $2::timestamptz
            GROUP BY template_id, stage ORDER BY template_id, stage`,
          cycle.values,
        ),
        deps.pool.query<{ week: string; count: string }>(
          `SELECT to_char(date_trunc('week', e.occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, count(*) AS count
             FROM events e WHERE e.type = 'wip.queued' AND e.occurred_at >= $1::timestamptz AND e.occurred_at < $2::timestamptz AND ${violations.where}
            GROUP BY 1`,
          violations.values,
        ),
        deps.pool.query<{ week: string; accepted: string; rejected: string }>(
          `SELECT to_char(date_trunc('week', c.at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
                  count(*) FILTER (WHERE c.to_status = 'accepted') AS accepted, count(*) FILTER (WHERE c.to_status = 'rejected') AS rejected
             FROM idea_status_changes c JOIN ideas i ON i.id = c.idea_id
            WHERE c.to_status IN ('accepted', 'rejected') AND c.at >= $1::timestamptz AND c.at < $2::timestamptz AND ${ideas.where}
            GROUP BY 1`,
          ideas.values,
        ),
        deps.pool.query<{ counter: string; day: string; count: string }>(
          `SELECT counter, to_char(day, 'YYYY-MM-DD') AS day, count FROM usage_counters
            WHERE counter = ANY($3::text[]) AND day >= ($1::timestamptz AT TIME ZONE 'UTC')::date AND day <= ($2::timestamptz AT TIME ZONE 'UTC')::date
            ORDER BY day`,
          [from, to, [USAGE_COUNTERS.slackCommand, USAGE_COUNTERS.dashboardView]],
        ),
      ]);
      const weeks = weekStartsBetween(from, to);
      const queuedByWeek = new Map(queued.rows.map((r) => [r.week, Number(r.count)]));
      const ideasByWeek = new Map(evaluated.rows.map((r) => [r.week, r]));
      const perDay = (counter: string) => usage.rows.filter((r) => r.counter === counter).map((r) => ({ day: r.day, count: Number(r.count) }));
      return {
        window: { from, to, weeks: input.weeks },
        stageCycleTime: stages.rows.map((r) => ({
          templateId: r.template_id,
          stage: r.stage,
          medianDays: Math.round(Number(r.median_days) * 100) / 100,
          count: Number(r.count),
        })),
        wipViolationsPerWeek: weeks.map((weekStart) => ({ weekStart, count: queuedByWeek.get(weekStart) ?? 0 })),
        ideasEvaluatedPerWeek: weeks.map((weekStart) => ({
          weekStart,
          accepted: Number(ideasByWeek.get(weekStart)?.accepted ?? 0),
          rejected: Number(ideasByWeek.get(weekStart)?.rejected ?? 0),
        })),
        slackCommandsPerDay: perDay(USAGE_COUNTERS.slackCommand),
        dashboardViewsPerDay: perDay(USAGE_COUNTERS.dashboardView),
      };
    },
  };
}
