import { notFound } from '@clos/domain';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, pageOf, type Page } from '../pagination.js';
import type { listPodsQuerySchema, podDetailSchema, podSchema } from '../schemas/pod-schemas.js';
import { scopeCondition, type ServiceDependencies } from './service-context.js';

type Pod = z.output<typeof podSchema>;
type PodDetail = z.output<typeof podDetailSchema>;

interface PodRow {
  id: string;
  name: string;
  wip_limit: number;
  per_person_wip_limit: number | null;
  mode: Pod['mode'];
  expedite_label: string;
  expedite_quota: number;
  linear_teams: string[];
  slack_channel: string | null;
  archived_at: Date | null;
  repos: string[];
  member_count: number;
}

/**
 * Pods chosen by `where` (over `pods p`), with their repositories and member counts
 * aggregated in one pass over just those pods (not a sub-query per pod).
 */
export function selectPods(where: string, tail = ''): string {
  return `WITH chosen AS (
      SELECT p.id, p.name, p.wip_limit, p.per_person_wip_limit, p.mode, p.expedite_label, p.expedite_quota,
             p.linear_teams, p.slack_channel, p.archived_at
        FROM pods p WHERE ${where} ${tail}
    )
    SELECT c.*, coalesce(r.repos, '{}') AS repos, coalesce(m.member_count, 0) AS member_count
      FROM chosen c
      LEFT JOIN (SELECT pod_id, array_agg(full_name ORDER BY full_name) AS repos FROM repos
                  WHERE pod_id IN (SELECT id FROM chosen) GROUP BY pod_id) r ON r.pod_id = c.id
      LEFT JOIN (SELECT pod_id, count(*)::int AS member_count FROM memberships
                  WHERE pod_id IN (SELECT id FROM chosen) GROUP BY pod_id) m ON m.pod_id = c.id
     ORDER BY c.id`;
}

function toPod(row: PodRow): Pod {
  return {
    id: row.id,
    name: row.name,
    wipLimit: row.wip_limit,
    perPersonWipLimit: row.per_person_wip_limit,
    mode: row.mode,
    expedite: { label: row.expedite_label, quota: row.expedite_quota },
    linearTeams: row.linear_teams,
    slackChannel: row.slack_channel,
    repos: row.repos,
    memberCount: row.member_count,
    archived: row.archived_at !== null,
  };
}

/** Reading pods from the record. */
export function podsService(deps: ServiceDependencies) {
  return {
    /** Pods the caller can see, by id. */
    async listPods(ctx: CallContext, input: z.output<typeof listPodsQuerySchema>): Promise<Page<Pod>> {
      const values: unknown[] = [input.limit + 1];
      const where = [scopeCondition('p.id', ctx.pods, values)];
      if (input.archived !== true) where.push('p.archived_at IS NULL');
      if (input.cursor !== undefined) {
        const [after] = decodeCursor('pods', input.cursor, z.tuple([z.string()]));
        values.push(after);
        where.push(`p.id > $${values.length}`);
      }
      const { rows } = await deps.pool.query<PodRow>(
        selectPods(where.join(' AND '), 'ORDER BY p.id LIMIT $1'),
        values,
      );
      return pageOf(rows, input.limit, 'pods', (r) => [r.id], toPod);
    },

    /** One pod with its members and projects. */
    async getPod(_ctx: CallContext, input: { podId: string }): Promise<PodDetail> {
      const { rows } = await deps.pool.query<PodRow>(selectPods('p.id = $1'), [input.podId]);
      if (rows[0] === undefined) throw notFound(`No pod "${input.podId}"`, { podId: input.podId });
      const [members, projects] = await Promise.all([
        deps.pool.query<{ person_id: string; name: string | null; role: PodDetail['members'][number]['role'] }>(
          `SELECT m.person_id, pe.name, m.role FROM memberships m JOIN people pe ON pe.id = m.person_id
           WHERE m.pod_id = $1 ORDER BY m.person_id`,
          [input.podId],
        ),
        deps.pool.query<{ id: string; name: string; template_id: string; current_stage: string | null; status: string }>(
          `SELECT id, name, template_id, current_stage, status FROM projects WHERE pod_id = $1 ORDER BY id`,
          [input.podId],
        ),
      ]);
      return {
        ...toPod(rows[0]),
        members: members.rows.map((m) => ({ personId: m.person_id, name: m.name, role: m.role })),
        projects: projects.rows.map((p) => ({
          id: p.id,
          name: p.name,
          templateId: p.template_id,
          currentStage: p.current_stage,
          status: p.status,
        })),
      };
    },
  };
}
