import { flowMetrics, notFound, stageFunnel, type FunnelTemplate } from '@clos/domain';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import type { PodScope } from '@clos/app';
import { decodeCursor, pageOf, timestampKey } from '../pagination.js';
import type {
  funnelSchema,
  healthOverviewSchema,
  podFlowQuerySchema,
  podFlowSchema,
  podHealthQuerySchema,
  podHealthSchema,
  streamQuerySchema,
} from '../schemas/insight-schemas.js';
import { loadDeployments, loadMergedChanges, loadOpenWork } from './flow-queries.js';
import { scopeCondition, type ServiceDependencies } from './service-context.js';

type HealthOverview = z.output<typeof healthOverviewSchema>;
type Component = HealthOverview['pods'][number]['components'][number];
type Metric = Component['metric'];

/** Scans shown as a pod's trend in the overview. */
export const HEALTH_TREND_LENGTH = 14;

interface SnapshotRow {
  at: Date;
  score: number;
  components: Component[];
  failing: Metric[];
}

/** Pod health, flow and DORA, the stage funnel, and who may follow the live event stream. */
export function insightsService(deps: ServiceDependencies) {
  const requirePod = async (podId: string): Promise<void> => {
    const { rowCount } = await deps.pool.query('SELECT 1 FROM pods WHERE id = $1', [podId]);
    if ((rowCount ?? 0) === 0) throw notFound(`No pod "${podId}"`, { podId });
  };

  return {
    /** Every pod the caller sees, with its latest score and the trend of its last scans. */
    async getHealth(ctx: CallContext, _input: Record<string, never>): Promise<HealthOverview> {
      const values: unknown[] = [HEALTH_TREND_LENGTH];
      const { rows } = await deps.pool.query<{ id: string; name: string; snapshots: (Omit<SnapshotRow, 'at'> & { at: string })[] }>(
        `SELECT p.id, p.name,
                coalesce((SELECT json_agg(json_build_object('at', s.at, 'score', s.score, 'components', s.components, 'failing', s.failing)
                                           ORDER BY s.at DESC)
                            FROM (SELECT * FROM pod_health_snapshots s WHERE s.pod_id = p.id ORDER BY s.at DESC LIMIT $1) s), '[]') AS snapshots
           FROM pods p
          WHERE p.archived_at IS NULL AND ${scopeCondition('p.id', ctx.pods, values)}
          ORDER BY p.id`,
        values,
      );
      return {
        generatedAt: deps.now().toISOString(),
        pods: rows.map((r) => {
          const latest = r.snapshots[0];
          return {
            podId: r.id,
            name: r.name,
            score: latest?.score ?? null,
            at: latest === undefined ? null : new Date(latest.at).toISOString(),
            trend: [...r.snapshots].reverse().map((s) => ({ at: new Date(s.at).toISOString(), score: s.score })),
            failing: latest?.failing ?? [],
            components: latest?.components ?? [],
          };
        }),
      };
    },

    /** A pod's latest scan and its history, newest first, paged. */
    async getPodHealth(
      _ctx: CallContext,
      input: { podId: string } & z.output<typeof podHealthQuerySchema>,
    ): Promise<z.output<typeof podHealthSchema>> {
      await requirePod(input.podId);
      const values: unknown[] = [input.podId, input.limit + 1];
      let after = '';
      if (input.cursor !== undefined) {
        const [at] = decodeCursor('pod-health', input.cursor, z.tuple([z.string()]));
        values.push(at);
        after = `AND at < $3::timestamptz`;
      }
      const [latest, page] = await Promise.all([
        deps.pool.query<SnapshotRow>('SELECT at, score, components, failing FROM pod_health_snapshots WHERE pod_id = $1 ORDER BY at DESC LIMIT 1', [
          input.podId,
        ]),
        deps.pool.query<SnapshotRow & { at_key: string }>(
          `SELECT at, score, failing, ${timestampKey('at')} AS at_key FROM pod_health_snapshots
            WHERE pod_id = $1 ${after} ORDER BY at DESC LIMIT $2`,
          values,
        ),
      ]);
      const current = latest.rows[0];
      return {
        podId: input.podId,
        current:
          current === undefined
            ? null
            : { at: current.at.toISOString(), score: current.score, components: current.components, failing: current.failing },
        history: pageOf(page.rows, input.limit, 'pod-health', (r) => [r.at_key], (r) => ({ at: r.at.toISOString(), score: r.score, failing: r.failing })),
      };
    },

    /** A pod's flow (cycle time, throughput, WIP age) and DORA over the last `days` days. */
    async getPodFlow(_ctx: CallContext, input: { podId: string } & z.output<typeof podFlowQuerySchema>): Promise<z.output<typeof podFlowSchema>> {
      await requirePod(input.podId);
      const now = deps.now();
      const to = now.toISOString();
      const from = new Date(now.getTime() - input.days * 86_400_000).toISOString();
      const [merged, open, deployments] = await Promise.all([
        loadMergedChanges(deps.pool, input.podId, from, to),
        loadOpenWork(deps.pool, input.podId),
        loadDeployments(deps.pool, input.podId, from, to),
      ]);
      return { podId: input.podId, window: { from, to, days: input.days }, ...flowMetrics({ window: { from, to }, merged, open, deployments, now: to }) };
    },

    /** The stage funnel over the projects the caller sees, and the idea ledger's counts. */
    async getFunnel(ctx: CallContext, _input: Record<string, never>): Promise<z.output<typeof funnelSchema>> {
      const values: unknown[] = [];
      const scope = scopeCondition('p.pod_id', ctx.pods, values);
      const ideaValues: unknown[] = [];
      const ideaScope = scopeCondition('pod_id', ctx.pods, ideaValues);
      const [projects, transitions, ideas] = await Promise.all([
        deps.pool.query<{ id: string; template_id: string; current_stage: string | null; stage_entered_at: Date | null; definition: FunnelTemplate }>(
          `SELECT p.id, p.template_id, p.current_stage, p.stage_entered_at, t.definition
             FROM projects p JOIN stage_templates t ON t.id = p.template_id
            WHERE p.status <> 'archived' AND ${scope} ORDER BY p.template_id, p.id`,
          values,
        ),
        deps.pool.query<{ project_id: string; from_stage: string | null; to_stage: string }>(
          `SELECT st.project_id, st.from_stage, st.to_stage FROM stage_transitions st JOIN projects p ON p.id = st.project_id
            WHERE p.status <> 'archived' AND ${scope} ORDER BY st.at, st.id`,
          values,
        ),
        deps.pool.query<{ accepted: number; open: number }>(
          `SELECT count(*) FILTER (WHERE status = 'accepted')::int AS accepted, count(*) FILTER (WHERE status = 'proposed')::int AS open
             FROM ideas WHERE ${ideaScope}`,
          ideaValues,
        ),
      ]);
      const templates = new Map<string, FunnelTemplate>();
      for (const p of projects.rows) {
        if (!templates.has(p.template_id)) templates.set(p.template_id, { id: p.template_id, stages: p.definition.stages ?? [] });
      }
      return {
        stages: stageFunnel({
          templates: [...templates.values()],
          projects: projects.rows.map((p) => ({
            id: p.id,
            templateId: p.template_id,
            currentStage: p.current_stage,
            stageEnteredAt: p.stage_entered_at?.toISOString() ?? null,
          })),
          transitions: transitions.rows.map((t) => ({ projectId: t.project_id, from: t.from_stage, to: t.to_stage })),
          now: deps.now().toISOString(),
        }),
        ideas: ideas.rows[0] ?? { accepted: 0, open: 0 },
      };
    },

    /** Admits a caller to the live event stream: the pods whose events it may be sent. */
    async openStream(ctx: CallContext, input: z.output<typeof streamQuerySchema>): Promise<{ pods: PodScope }> {
      return { pods: input.podId !== undefined ? [input.podId] : ctx.pods };
    },
  };
}
