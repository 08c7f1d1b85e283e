import { notFound } from '@clos/domain';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, pageOf, timestampKey, type Page } from '../pagination.js';
import { isoOrNull } from '../schemas/common.js';
import type { evidenceSchema, listProjectsQuerySchema, projectSchema, transitionSchema } from '../schemas/project-schemas.js';
import { scopeCondition, type ServiceDependencies } from './service-context.js';

type Project = z.output<typeof projectSchema>;
type Transition = z.output<typeof transitionSchema>;
type Evidence = z.output<typeof evidenceSchema>;
type PageInput = { limit: number; cursor?: string | undefined };

interface ProjectRow {
  id: string;
  name: string;
  pod_id: string;
  template_id: string;
  linear_project: string | null;
  stage_time_limit_days: string | null;
  current_stage: string | null;
  stage_entered_at: Date | null;
  status: Project['status'];
}

const PROJECT_COLUMNS = `id, name, pod_id, template_id, linear_project, stage_time_limit_days, current_stage, stage_entered_at, status`;

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    podId: row.pod_id,
    templateId: row.template_id,
    linearProject: row.linear_project,
    // numeric comes back from pg as a string, exactly.
    stageTimeLimitDays: row.stage_time_limit_days === null ? null : Number(row.stage_time_limit_days),
    currentStage: row.current_stage,
    stageEnteredAt: isoOrNull(row.stage_entered_at),
    status: row.status,
  };
}

const timeAndId = z.tuple([z.string(), z.string()]);

/** Reading projects and their recorded history. */
export function projectsService(deps: ServiceDependencies) {
  return {
    /** Projects the caller can see, by id. */
    async listProjects(ctx: CallContext, input: z.output<typeof listProjectsQuerySchema>): Promise<Page<Project>> {
      const values: unknown[] = [input.limit + 1];
      const where = [scopeCondition('pod_id', ctx.pods, values)];
      if (input.pod !== undefined) {
        values.push(input.pod);
        where.push(`pod_id = $${values.length}`);
      }
      if (input.status !== undefined) {
        values.push(input.status);
        where.push(`status = $${values.length}`);
      }
      if (input.cursor !== undefined) {
        const [after] = decodeCursor('projects', input.cursor, z.tuple([z.string()]));
        values.push(after);
        where.push(`id > $${values.length}`);
      }
      const { rows } = await deps.pool.query<ProjectRow>(
        `SELECT ${PROJECT_COLUMNS} FROM projects WHERE ${where.join(' AND ')} ORDER BY id LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'projects', (r) => [r.id], toProject);
    },

    /** One project. */
    async getProject(_ctx: CallContext, input: { projectId: string }): Promise<Project> {
      const { rows } = await deps.pool.query<ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = $1`, [input.projectId]);
      if (rows[0] === undefined) throw notFound(`No project "${input.projectId}"`, { projectId: input.projectId });
      return toProject(rows[0]);
    },

    /**
     * The project's changes of stage, oldest first. A workflow records its start and a
     * first move in one step, at the same instant: the start sorts first.
     */
    async listTransitions(_ctx: CallContext, input: { projectId: string } & PageInput): Promise<Page<Transition>> {
      const values: unknown[] = [input.limit + 1, input.projectId];
      let after = '';
      if (input.cursor !== undefined) {
        const [at, later, id] = decodeCursor('transitions', input.cursor, z.tuple([z.string(), z.number().int(), z.string()]));
        values.push(at, later, id);
        after = `AND (at, (kind <> 'start')::int, id) > ($3::timestamptz, $4::int, $5::uuid)`;
      }
      const { rows } = await deps.pool.query<{
        id: string;
        from_stage: string | null;
        to_stage: string;
        kind: Transition['kind'];
        actor: string | null;
        reason: string | null;
        at: Date;
        at_key: string;
      }>(
        `SELECT id, from_stage, to_stage, kind, actor, reason, at, ${timestampKey('at')} AS at_key
         FROM stage_transitions WHERE project_id = $2 ${after} ORDER BY at, (kind <> 'start'), id LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'transitions', (r) => [r.at_key, r.kind === 'start' ? 0 : 1, r.id], (r) => ({
        id: r.id,
        from: r.from_stage,
        to: r.to_stage,
        kind: r.kind,
        actor: r.actor,
        reason: r.reason,
        at: r.at.toISOString(),
      }));
    },

    /** Evidence recorded for the project, newest first. */
    async listEvidence(_ctx: CallContext, input: { projectId: string } & PageInput): Promise<Page<Evidence>> {
      const values: unknown[] = [input.limit + 1, input.projectId];
      let after = '';
      if (input.cursor !== undefined) {
        const [at, id] = decodeCursor('evidence', input.cursor, timeAndId);
        values.push(at, id);
        after = `AND (submitted_at, id) < ($3::timestamptz, $4::uuid)`;
      }
      const { rows } = await deps.pool.query<{
        id: string;
        stage_id: string;
        criterion_id: string;
        submitted_by: string;
        role: Evidence['role'];
        value: string;
        submitted_at: Date;
        at_key: string;
      }>(
        `SELECT id, stage_id, criterion_id, submitted_by, role, value, submitted_at, ${timestampKey('submitted_at')} AS at_key
         FROM evidence WHERE project_id = $2 ${after} ORDER BY submitted_at DESC, id DESC LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'evidence', (r) => [r.at_key, r.id], (r) => ({
        id: r.id,
        stageId: r.stage_id,
        criterionId: r.criterion_id,
        submittedBy: r.submitted_by,
        role: r.role,
        value: r.value,
        submittedAt: r.submitted_at.toISOString(),
      }));
    },
  };
}
