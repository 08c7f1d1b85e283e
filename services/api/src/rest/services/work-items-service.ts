import { notFound } from '@clos/domain';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { inScope } from '@clos/app';
import { decodeCursor, pageOf, type Page } from '../pagination.js';
import { isoOrNull } from '../schemas/common.js';
import type { listWorkItemsQuerySchema, workItemSchema } from '../schemas/work-item-schemas.js';
import { scopeCondition, type ServiceDependencies } from './service-context.js';

type WorkItem = z.output<typeof workItemSchema>;

interface WorkItemRow {
  id: string;
  kind: WorkItem['kind'];
  pod_id: string | null;
  project_id: string | null;
  person_id: string | null;
  state: string;
  title: string | null;
  url: string | null;
  repo: string | null;
  number: number | null;
  linear_identifier: string | null;
  head_sha: string | null;
  labels: string[];
  opened_at: Date | null;
  closed_at: Date | null;
  merged_at: Date | null;
  updated_at: Date;
  linked: string[];
}

const COLUMNS = `w.id, w.kind, w.pod_id, w.project_id, w.person_id, w.state, w.title, w.url, w.repo, w.number,
  w.linear_identifier, w.head_sha, w.labels, w.opened_at, w.closed_at, w.merged_at, w.updated_at,
  ARRAY(SELECT l.linear_issue_id FROM work_item_links l WHERE l.pull_request_id = w.id
        UNION SELECT l.pull_request_id FROM work_item_links l WHERE l.linear_issue_id = w.id ORDER BY 1) AS linked`;

function toWorkItem(row: WorkItemRow): WorkItem {
  return {
    id: row.id,
    kind: row.kind,
    podId: row.pod_id,
    projectId: row.project_id,
    personId: row.person_id,
    state: row.state,
    title: row.title,
    url: row.url,
    repo: row.repo,
    number: row.number,
    linearIdentifier: row.linear_identifier,
    headSha: row.head_sha,
    labels: row.labels,
    openedAt: isoOrNull(row.opened_at),
    closedAt: isoOrNull(row.closed_at),
    mergedAt: isoOrNull(row.merged_at),
    updatedAt: row.updated_at.toISOString(),
    linked: row.linked,
  };
}

/** Reading work items. */
export function workItemsService(deps: ServiceDependencies) {
  return {
    /** Work items of the pods the caller sees, by id. */
    async listWorkItems(ctx: CallContext, input: z.output<typeof listWorkItemsQuerySchema>): Promise<Page<WorkItem>> {
      const values: unknown[] = [input.limit + 1];
      const where = [scopeCondition('w.pod_id', ctx.pods, values)];
      const filters: [string, string | undefined][] = [
        ['w.pod_id', input.pod],
        ['w.project_id', input.project],
        ['w.person_id', input.person],
        ['w.state', input.state],
        ['w.kind', input.kind],
      ];
      for (const [column, value] of filters) {
        if (value === undefined) continue;
        values.push(value);
        where.push(`${column} = $${values.length}`);
      }
      if (input.cursor !== undefined) {
        const [after] = decodeCursor('work-items', input.cursor, z.tuple([z.string()]));
        values.push(after);
        where.push(`w.id > $${values.length}`);
      }
      const { rows } = await deps.pool.query<WorkItemRow>(
        `SELECT ${COLUMNS} FROM work_items w WHERE ${where.join(' AND ')} ORDER BY w.id LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'work-items', (r) => [r.id], toWorkItem);
    },

    /** One work item, when it belongs to a pod the caller sees. */
    async getWorkItem(ctx: CallContext, input: { workItemId: string }): Promise<WorkItem> {
      const { rows } = await deps.pool.query<WorkItemRow>(`SELECT ${COLUMNS} FROM work_items w WHERE w.id = $1`, [input.workItemId]);
      const row = rows[0];
      if (row === undefined || !inScope(ctx.pods, row.pod_id)) {
        throw notFound(`No work item "${input.workItemId}" in the pods this token sees`, { workItemId: input.workItemId });
      }
      return toWorkItem(row);
    },
  };
}
