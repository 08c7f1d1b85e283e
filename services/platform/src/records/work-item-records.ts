import type { Queryable } from '../db/pool.js';

/** A work item as the enforcement workflows record it. */
export interface WorkItemRow {
  /** `gh:owner/repo#12` or `lin:PAY-44`. */
  id: string;
  kind: 'pull_request' | 'linear_issue';
  podId?: string;
  projectId?: string;
  personId?: string;
  /** `held`, `queued`, `draft` or `released`. */
  state: string;
  title?: string;
  url?: string;
  repo?: string;
  number?: number;
  linearIdentifier?: string;
  headSha?: string;
  /** For a PR: the Linear issue ids (`lin:KEY`) it covers. */
  linkedLinearIds?: string[];
  /** For a PR: its labels as last reported; left as they are when absent. */
  labels?: string[];
  /** For a PR: when GitHub opened, closed and merged it (ISO-8601). */
  openedAt?: string;
  closedAt?: string;
  mergedAt?: string;
}

/**
 * Inserts or updates a work item (tables `work_items`, `work_item_links`). What a row does
 * not carry is kept; a pod or project not (yet) in the record is left out rather than failing
 * the write. The earliest opening time wins; a row that is not released (a reopened PR) has
 * no close or merge time, so flow metrics never count a PR that is open again.
 */
export async function upsertWorkItem(db: Queryable, item: WorkItemRow): Promise<void> {
  await db.query(
    `INSERT INTO work_items
       (id, kind, pod_id, project_id, person_id, state, title, url, repo, number, linear_identifier, head_sha,
        labels, opened_at, closed_at, merged_at)
     VALUES ($1, $2, (SELECT id FROM pods WHERE id = $3), (SELECT id FROM projects WHERE id = $4),
             $5, $6, $7, $8, $9, $10, $11, $12, COALESCE($13::text[], '{}'), $14, $15, $16)
     ON CONFLICT (id) DO UPDATE SET
       pod_id            = COALESCE(EXCLUDED.pod_id, work_items.pod_id),
       project_id        = COALESCE(EXCLUDED.project_id, work_items.project_id),
       person_id         = COALESCE(EXCLUDED.person_id, work_items.person_id),
       state             = EXCLUDED.state,
       title             = COALESCE(EXCLUDED.title, work_items.title),
       url               = COALESCE(EXCLUDED.url, work_items.url),
       repo              = COALESCE(EXCLUDED.repo, work_items.repo),
       number            = COALESCE(EXCLUDED.number, work_items.number),
       linear_identifier = COALESCE(EXCLUDED.linear_identifier, work_items.linear_identifier),
       head_sha          = COALESCE(EXCLUDED.head_sha, work_items.head_sha),
       labels            = COALESCE($13::text[], work_items.labels),
       opened_at         = LEAST(work_items.opened_at, EXCLUDED.opened_at),
       closed_at         = CASE WHEN EXCLUDED.state = 'released' THEN COALESCE(EXCLUDED.closed_at, work_items.closed_at) END,
       merged_at         = CASE WHEN EXCLUDED.state = 'released' THEN COALESCE(EXCLUDED.merged_at, work_items.merged_at) END`,
    [
      item.id,
      item.kind,
      item.podId ?? null,
      item.projectId ?? null,
      item.personId ?? null,
      item.state,
      item.title ?? null,
      item.url ?? null,
      item.repo ?? null,
      item.number ?? null,
      item.linearIdentifier ?? null,
      item.headSha ?? null,
      item.labels ?? null,
      item.openedAt ?? null,
      item.closedAt ?? null,
      item.mergedAt ?? null,
    ],
  );
  if (item.kind === 'pull_request' && (item.linkedLinearIds ?? []).length > 0) {
    await db.query(
      `INSERT INTO work_item_links (pull_request_id, linear_issue_id)
       SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [item.id, item.linkedLinearIds],
    );
  }
}
