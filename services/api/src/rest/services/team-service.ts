import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, pageOf, type Page } from '../pagination.js';
import { isoOrNull } from '../schemas/common.js';
import type {
  blockerSchema,
  demoSchema,
  ideaSchema,
  listBlockersQuerySchema,
  listDemosQuerySchema,
  listIdeasQuerySchema,
  listStandupsQuerySchema,
  standupSchema,
} from '../schemas/team-schemas.js';
import { scopeCondition, type ServiceDependencies } from './service-context.js';

/** Builds a WHERE clause and its values, numbering parameters after the LIMIT ($1). */
function conditions(first: string, values: unknown[]) {
  const where = [first];
  return {
    where,
    add(sql: (n: number) => string, value: unknown) {
      if (value === undefined) return;
      values.push(value);
      where.push(sql(values.length));
    },
  };
}

const numeric = z.string().regex(/^\d+$/);

/** Standups, blockers, ideas and demos: what the pods record about their days. */
export function teamService(deps: ServiceDependencies) {
  return {
    /** Standups, newest day first. */
    async listStandups(ctx: CallContext, input: z.output<typeof listStandupsQuerySchema>): Promise<Page<z.output<typeof standupSchema>>> {
      const values: unknown[] = [input.limit + 1];
      const q = conditions(scopeCondition('pod_id', ctx.pods, values), values);
      q.add((n) => `pod_id = $${n}`, input.pod);
      q.add((n) => `person_id = $${n}`, input.person);
      q.add((n) => `day >= $${n}::date`, input.from);
      q.add((n) => `day <= $${n}::date`, input.to);
      if (input.cursor !== undefined) {
        const [dayKey, id] = decodeCursor('standups', input.cursor, z.tuple([z.string(), z.string()]));
        values.push(dayKey, id);
        q.where.push(`(day, id) < ($${values.length - 1}::date, $${values.length}::uuid)`);
      }
      const { rows } = await deps.pool.query<{
        id: string;
        pod_id: string;
        person_id: string;
        day: string;
        yesterday: string;
        today: string;
        blockers: string;
        confidence: number;
        submitted_at: Date;
        updated_at: Date;
      }>(
        `SELECT id, pod_id, person_id, to_char(day, 'YYYY-MM-DD') AS day, yesterday, today, blockers, confidence, submitted_at, updated_at
         FROM standups WHERE ${q.where.join(' AND ')} ORDER BY day DESC, id DESC LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'standups', (r) => [r.day, r.id], (r) => ({
        id: r.id,
        podId: r.pod_id,
        personId: r.person_id,
        day: r.day,
        yesterday: r.yesterday,
        today: r.today,
        blockers: r.blockers,
        confidence: r.confidence,
        submittedAt: r.submitted_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      }));
    },

    /** Blockers, most recently opened first. */
    async listBlockers(ctx: CallContext, input: z.output<typeof listBlockersQuerySchema>): Promise<Page<z.output<typeof blockerSchema>>> {
      const values: unknown[] = [input.limit + 1];
      const q = conditions(scopeCondition('pod_id', ctx.pods, values), values);
      q.add((n) => `pod_id = $${n}`, input.pod);
      q.add((n) => `person_id = $${n}`, input.person);
      if (input.open !== undefined) q.where.push(input.open ? 'resolved_at IS NULL' : 'resolved_at IS NOT NULL');
      if (input.cursor !== undefined) {
        const [before] = decodeCursor('blockers', input.cursor, z.tuple([numeric]));
        q.add((n) => `id < $${n}::bigint`, before);
      }
      const { rows } = await deps.pool.query<{
        id: string;
        pod_id: string;
        person_id: string;
        description: string;
        work_item_id: string | null;
        opened_at: Date;
        last_seen_at: Date;
        escalated_at: Date | null;
        escalated_to: string[] | null;
        resolved_at: Date | null;
        resolved_by: string | null;
      }>(
        `SELECT id, pod_id, person_id, description, work_item_id, opened_at, last_seen_at, escalated_at, escalated_to, resolved_at, resolved_by
         FROM blockers WHERE ${q.where.join(' AND ')} ORDER BY id DESC LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'blockers', (r) => [r.id], (r) => ({
        id: r.id,
        podId: r.pod_id,
        personId: r.person_id,
        description: r.description,
        workItemId: r.work_item_id,
        openedAt: r.opened_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
        escalatedAt: isoOrNull(r.escalated_at),
        escalatedTo: r.escalated_to ?? [],
        resolvedAt: isoOrNull(r.resolved_at),
        resolvedBy: r.resolved_by,
      }));
    },

    /** The idea ledger, highest ICE score first. */
    async listIdeas(ctx: CallContext, input: z.output<typeof listIdeasQuerySchema>): Promise<Page<z.output<typeof ideaSchema>>> {
      const values: unknown[] = [input.limit + 1];
      const q = conditions(scopeCondition('pod_id', ctx.pods, values), values);
      q.add((n) => `pod_id = $${n}`, input.pod);
      q.add((n) => `status = $${n}`, input.status);
      if (input.cursor !== undefined) {
        const [score, id] = decodeCursor('ideas', input.cursor, z.tuple([z.number().int(), numeric]));
        values.push(score, id);
        q.where.push(`(ice_score, id) < ($${values.length - 1}::int, $${values.length}::bigint)`);
      }
      const { rows } = await deps.pool.query<{
        id: string;
        pod_id: string | null;
        title: string;
        problem: string;
        impact: number;
        confidence: number;
        ease: number;
        ice_score: number;
        status: 'proposed' | 'accepted' | 'rejected';
        submitted_by: string;
        github_repo: string | null;
        github_issue_number: number | null;
        github_issue_url: string | null;
        github_issue_state: string | null;
        created_at: Date;
        updated_at: Date;
      }>(
        `SELECT id, pod_id, title, problem, impact, confidence, ease, ice_score, status, submitted_by,
                github_repo, github_issue_number, github_issue_url, github_issue_state, created_at, updated_at
         FROM ideas WHERE ${q.where.join(' AND ')} ORDER BY ice_score DESC, id DESC LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'ideas', (r) => [r.ice_score, r.id], (r) => ({
        id: r.id,
        podId: r.pod_id,
        title: r.title,
        problem: r.problem,
        impact: r.impact,
        confidence: r.confidence,
        ease: r.ease,
        iceScore: r.ice_score,
        status: r.status,
        submittedBy: r.submitted_by,
        githubIssue:
          r.github_repo !== null && r.github_issue_number !== null
            ? { repo: r.github_repo, number: r.github_issue_number, url: r.github_issue_url, state: r.github_issue_state }
            : null,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      }));
    },

    /** Demos, soonest first: a calendar. */
    async listDemos(ctx: CallContext, input: z.output<typeof listDemosQuerySchema>): Promise<Page<z.output<typeof demoSchema>>> {
      const values: unknown[] = [input.limit + 1];
      const q = conditions(scopeCondition('pod_id', ctx.pods, values), values);
      q.add((n) => `pod_id = $${n}`, input.pod);
      q.add((n) => `project_id = $${n}`, input.project);
      q.add((n) => `scheduled_for >= $${n}::date`, input.from);
      q.add((n) => `scheduled_for <= $${n}::date`, input.to);
      if (input.held !== undefined) q.where.push(input.held ? 'held_at IS NOT NULL' : 'held_at IS NULL');
      if (input.cursor !== undefined) {
        const [dayKey, id] = decodeCursor('demos', input.cursor, z.tuple([z.string(), numeric]));
        values.push(dayKey, id);
        q.where.push(`(scheduled_for, id) > ($${values.length - 1}::date, $${values.length}::bigint)`);
      }
      const { rows } = await deps.pool.query<{
        id: string;
        project_id: string;
        pod_id: string;
        scheduled_for: string;
        scheduled_by: string;
        held_at: Date | null;
        held_by: string | null;
        evidence_submitted_at: Date | null;
        created_at: Date;
      }>(
        `SELECT id, project_id, pod_id, to_char(scheduled_for, 'YYYY-MM-DD') AS scheduled_for, scheduled_by, held_at, held_by,
                evidence_submitted_at, created_at
         FROM demos WHERE ${q.where.join(' AND ')} ORDER BY scheduled_for, id LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'demos', (r) => [r.scheduled_for, r.id], (r) => ({
        id: r.id,
        projectId: r.project_id,
        podId: r.pod_id,
        scheduledFor: r.scheduled_for,
        scheduledBy: r.scheduled_by,
        heldAt: isoOrNull(r.held_at),
        heldBy: r.held_by,
        evidenceSubmittedAt: isoOrNull(r.evidence_submitted_at),
        createdAt: r.created_at.toISOString(),
      }));
    },
  };
}
