import { flowMetrics, notFound, percentile, podById } from '@clos/domain';
import type { z } from 'zod';
import type { CallContext } from '@clos/app';
import type { assessQuerySchema, assessmentSchema } from '../schemas/briefing-schemas.js';
import { loadDeployments, loadMergedChanges, loadOpenWork } from '../services/flow-queries.js';
import { scopeCondition, type ServiceDependencies } from '../services/service-context.js';
import { resolvePerson } from './plan-subject.js';
import { statementsOf } from './assess-statements.js';

type Assessment = z.output<typeof assessmentSchema>;
const DAY_MS = 86_400_000;
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/**
 * Assessments of a pod or a person over a period: flow, WIP age, blockers, gate progress
 * and review load, each statement with the numbers behind it. A person's assessment counts
 * only what happened in the pods the caller may read.
 */
export function assessService(deps: ServiceDependencies) {
  return {
    /** The assessment of `pod` or `person` over the last `period` days. */
    async assess(ctx: CallContext, input: z.output<typeof assessQuerySchema>): Promise<Assessment> {
      const now = deps.now();
      const to = now.toISOString();
      const from = new Date(now.getTime() - input.period * DAY_MS).toISOString();
      const window = { from, to, days: input.period };
      const figures = input.pod !== undefined ? await podFigures(deps, input.pod, from, to, now) : await personFigures(deps, ctx, input.person, from, to, now);
      return { ...figures, window, statements: statementsOf(figures) };
    },
  };
}

type Figures = Omit<Assessment, 'window' | 'statements'>;

async function podFigures(deps: ServiceDependencies, podId: string, from: string, to: string, now: Date): Promise<Figures> {
  if (podById(deps.config.current(), podId) === undefined) throw notFound(`No pod "${podId}" in clos.yml`, { podId });
  const [merged, open, deployments] = await Promise.all([
    loadMergedChanges(deps.pool, podId, from, to),
    loadOpenWork(deps.pool, podId),
    loadDeployments(deps.pool, podId, from, to),
  ]);
  const flow = flowMetrics({ window: { from, to }, merged, open, deployments, now: to });
  const [blockers, gates, reviews] = await Promise.all([
    blockerFigures(deps, 'pod_id = $1', [podId], from, to),
    gateFigures(deps, 'p.pod_id = $1', [podId], from, to, now),
    reviewFigures(deps, 'e.pod_id = $1', [podId], from, to),
  ]);
  const ages = flow.wipAge.map((w) => w.ageHours);
  return {
    subject: { kind: 'pod', id: podId },
    flow: { merged: flow.cycleTimeHours.count, cycleTimeHours: { p50: flow.cycleTimeHours.p50, p85: flow.cycleTimeHours.p85 } },
    wip: {
      open: open.length,
      ageHours: { p50: round1(percentile(ages, 0.5)), max: ages.length > 0 ? Math.max(...ages) : null },
      oldest: flow.wipAge.slice(0, 5).map((w) => ({ id: w.itemId, title: w.title, url: w.url, ageHours: w.ageHours })),
    },
    blockers,
    gates,
    reviews,
  };
}

async function personFigures(deps: ServiceDependencies, ctx: CallContext, person: string | undefined, from: string, to: string, now: Date): Promise<Figures> {
  const who = await resolvePerson(deps.pool, ctx, person);
  const mergedValues: unknown[] = [who.id, from, to];
  const mergedScope = scopeCondition('w.pod_id', ctx.pods, mergedValues);
  const openValues: unknown[] = [who.id, to];
  const openScope = scopeCondition('w.pod_id', ctx.pods, openValues);
  const [merged, open, login] = await Promise.all([
    deps.pool.query<{ hours: number }>(
      `SELECT extract(epoch FROM (w.merged_at - coalesce(w.opened_at, w.created_at))) / 3600 AS hours
         FROM work_items w WHERE w.person_id = $1 AND w.merged_at >= $2::timestamptz AND w.merged_at < $3::timestamptz AND ${mergedScope}`,
      mergedValues,
    ),
    deps.pool.query<{ id: string; title: string | null; url: string | null; hours: number }>(
      `SELECT w.id, w.title, w.url, extract(epoch FROM ($2::timestamptz - coalesce(w.opened_at, w.created_at))) / 3600 AS hours
         FROM work_items w WHERE w.person_id = $1 AND w.state IN ('held', 'queued') AND ${openScope}
        ORDER BY hours DESC, w.id`,
      openValues,
    ),
    deps.pool.query<{ github_login: string | null }>('SELECT github_login FROM people WHERE id = $1', [who.id]),
  ]);
  const hours = merged.rows.map((r) => Number(r.hours));
  const ages = open.rows.map((r) => Number(r.hours));
  const blockerValues: unknown[] = [who.id];
  const blockerWhere = `person_id = $1 AND ${scopeCondition('pod_id', ctx.pods, blockerValues)}`;
  const gateValues: unknown[] = [];
  const gateWhere = scopeCondition('p.pod_id', ctx.pods, gateValues);
  // Reviews are recorded under the reviewer's GitHub login.
  const reviewValues: unknown[] = [login.rows[0]?.github_login ?? who.id];
  const reviewWhere = `lower(e.payload -> 'review' ->> 'reviewer') = lower($1) AND ${scopeCondition('e.pod_id', ctx.pods, reviewValues)}`;
  const [blockers, gates, reviews] = await Promise.all([
    blockerFigures(deps, blockerWhere, blockerValues, from, to),
    gateFigures(deps, gateWhere, gateValues, from, to, now, who.id),
    reviewFigures(deps, reviewWhere, reviewValues, from, to),
  ]);
  return {
    subject: { kind: 'person', id: who.id },
    flow: { merged: hours.length, cycleTimeHours: { p50: round1(percentile(hours, 0.5)), p85: round1(percentile(hours, 0.85)) } },
    wip: {
      open: ages.length,
      ageHours: { p50: round1(percentile(ages, 0.5)), max: ages.length > 0 ? round1(Math.max(...ages)) : null },
      oldest: open.rows.slice(0, 5).map((r) => ({ id: r.id, title: r.title, url: r.url, ageHours: round1(Number(r.hours))! })),
    },
    blockers,
    gates,
    reviews,
  };
}

/** Blockers matching `where` (its parameters first): open now, opened and resolved in the window. */
async function blockerFigures(deps: ServiceDependencies, where: string, values: unknown[], from: string, to: string): Promise<Figures['blockers']> {
  const n = values.length;
  const { rows } = await deps.pool.query<{ open: string; opened: string; resolved: string; ages: number[] }>(
    `SELECT count(*) FILTER (WHERE resolved_at IS NULL) AS open,
            count(*) FILTER (WHERE opened_at >= $${n + 1}::timestamptz AND opened_at < $${n + 2}::timestamptz) AS opened,
            count(*) FILTER (WHERE resolved_at >= $${n + 1}::timestamptz AND resolved_at < $${n + 2}::timestamptz) AS resolved,
            coalesce(array_agg(extract(epoch FROM ($${n + 2}::timestamptz - opened_at)) / 86400) FILTER (WHERE resolved_at IS NULL), '{}') AS ages
       FROM blockers WHERE ${where}`,
    [...values, from, to],
  );
  const r = rows[0]!;
  return { open: Number(r.open), opened: Number(r.opened), resolved: Number(r.resolved), openAgeDaysP50: round1(percentile(r.ages.map(Number), 0.5)) };
}

/** Stage transitions and evidence in the window, and where each active project stands. */
async function gateFigures(
  deps: ServiceDependencies,
  projectWhere: string,
  values: unknown[],
  from: string,
  to: string,
  now: Date,
  submitter?: string,
): Promise<Figures['gates']> {
  const n = values.length;
  const { rows: counts } = await deps.pool.query<{ transitions: string; evidence: string }>(
    `SELECT (SELECT count(*) FROM stage_transitions t JOIN projects p ON p.id = t.project_id
              WHERE ${projectWhere} AND t.at >= $${n + 1}::timestamptz AND t.at < $${n + 2}::timestamptz
                AND ($${n + 3}::text IS NULL OR t.actor = $${n + 3})) AS transitions,
            (SELECT count(*) FROM evidence e JOIN projects p ON p.id = e.project_id
              WHERE ${projectWhere} AND e.submitted_at >= $${n + 1}::timestamptz AND e.submitted_at < $${n + 2}::timestamptz
                AND ($${n + 3}::text IS NULL OR e.submitted_by = $${n + 3})) AS evidence`,
    [...values, from, to, submitter ?? null],
  );
  const { rows: projects } = await deps.pool.query<{ id: string; current_stage: string | null; stage_entered_at: Date | null; limit_days: string | null }>(
    `SELECT p.id, p.current_stage, p.stage_entered_at, p.stage_time_limit_days AS limit_days FROM projects p
      WHERE ${projectWhere} AND p.status = 'active' ${submitter !== undefined ? `AND EXISTS (SELECT 1 FROM memberships m WHERE m.pod_id = p.pod_id AND m.person_id = $${n + 1})` : ''}
      ORDER BY p.id LIMIT 100`,
    submitter !== undefined ? [...values, submitter] : values,
  );
  return {
    transitions: Number(counts[0]!.transitions),
    evidence: Number(counts[0]!.evidence),
    projects: projects.map((p) => {
      const days = p.stage_entered_at === null ? null : round1((now.getTime() - p.stage_entered_at.getTime()) / DAY_MS);
      const limit = p.limit_days === null ? null : Number(p.limit_days);
      return { projectId: p.id, stage: p.current_stage, daysInStage: days, limitDays: limit, overdue: days !== null && limit !== null && days > limit };
    }),
  };
}

/** Reviews submitted in the window, per reviewer. */
async function reviewFigures(deps: ServiceDependencies, where: string, values: unknown[], from: string, to: string): Promise<Figures['reviews']> {
  const n = values.length;
  const { rows } = await deps.pool.query<{ reviewer: string; count: string }>(
    `SELECT e.payload -> 'review' ->> 'reviewer' AS reviewer, count(*) AS count FROM events e
      WHERE e.type = 'pr.review_submitted' AND ${where} AND e.occurred_at >= $${n + 1}::timestamptz AND e.occurred_at < $${n + 2}::timestamptz
      GROUP BY 1 ORDER BY count(*) DESC, 1`,
    [...values, from, to],
  );
  const byReviewer = rows.filter((r) => r.reviewer !== null).map((r) => ({ reviewer: r.reviewer, count: Number(r.count) }));
  return { given: byReviewer.reduce((sum, r) => sum + r.count, 0), byReviewer };
}

