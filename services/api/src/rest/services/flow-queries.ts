import type { DeploymentStatusFact, MergedChange, OpenWorkItem } from '@clos/domain';
import type { Queryable } from '@clos/platform';

/** How far before the window a merged PR's first event is looked for. */
const PR_LOOKBACK = '180 days';
/** How far before the window deployments are read: a failure before it tells whether one in it restored service. */
const DEPLOYMENT_LOOKBACK = '30 days';

/**
 * Pull requests of the pod merged in [from, to): started at the earliest of their first
 * `pr.*` event and their recorded opening, merged at their recorded merge or the merged
 * `pr.closed` event. PR events carry the PR in the payload (not a work item id), so they
 * are keyed by repository and number here.
 */
export async function loadMergedChanges(db: Queryable, podId: string, from: string, to: string): Promise<MergedChange[]> {
  const { rows } = await db.query<{ id: string; repo: string; started_at: Date; merged_at: Date }>(
    `WITH pr_events AS (
       SELECT lower(e.payload -> 'pullRequest' ->> 'repo') AS repo, (e.payload -> 'pullRequest' ->> 'number')::int AS number,
              e.type, e.occurred_at, (e.payload -> 'pullRequest' ->> 'merged') = 'true' AS merged
         FROM events e
        WHERE e.pod_id = $1 AND e.type LIKE 'pr.%' AND e.payload ? 'pullRequest'
          AND e.occurred_at >= $2::timestamptz - interval '${PR_LOOKBACK}' AND e.occurred_at < $3::timestamptz
     ), from_events AS (
       SELECT 'gh:' || repo || '#' || number AS id, repo, min(occurred_at) AS first_at,
              min(occurred_at) FILTER (WHERE type = 'pr.closed' AND merged) AS merged_at
         FROM pr_events GROUP BY repo, number
     ), recorded AS (
       SELECT id, lower(repo) AS repo, opened_at, merged_at FROM work_items
        WHERE pod_id = $1 AND kind = 'pull_request' AND merged_at IS NOT NULL
     )
     SELECT id, repo, started_at, merged_at FROM (
       SELECT coalesce(f.id, r.id) AS id, coalesce(f.repo, r.repo) AS repo,
              least(f.first_at, r.opened_at) AS started_at, coalesce(r.merged_at, f.merged_at) AS merged_at
         FROM from_events f FULL JOIN recorded r ON r.id = f.id
     ) c
     WHERE merged_at >= $2::timestamptz AND merged_at < $3::timestamptz AND started_at IS NOT NULL
     ORDER BY merged_at, id`,
    [podId, from, to],
  );
  return rows.map((r) => ({ id: r.id, repo: r.repo, startedAt: r.started_at.toISOString(), mergedAt: r.merged_at.toISOString() }));
}

/**
 * Work items of the pod holding or waiting for a WIP slot, started at the earliest of their
 * recorded opening, their first record and their first event (by work item id or, for a PR,
 * by repository and number).
 */
export async function loadOpenWork(db: Queryable, podId: string): Promise<OpenWorkItem[]> {
  const { rows } = await db.query<{ id: string; title: string | null; url: string | null; started_at: Date }>(
    `SELECT w.id, w.title, w.url,
            least(w.opened_at, w.created_at,
                  (SELECT min(e.occurred_at) FROM events e WHERE e.work_item_id = w.id),
                  (SELECT min(e.occurred_at) FROM events e
                    WHERE w.kind = 'pull_request' AND e.pod_id = w.pod_id AND e.type LIKE 'pr.%'
                      AND lower(e.payload -> 'pullRequest' ->> 'repo') = lower(w.repo)
                      AND e.payload -> 'pullRequest' ->> 'number' = w.number::text)) AS started_at
       FROM work_items w
      WHERE w.pod_id = $1 AND w.state IN ('held', 'queued')`,
    [podId],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, url: r.url, startedAt: r.started_at.toISOString() }));
}

/** `deployment.status_changed` events of the pod's repositories up to `to`, from a while before `from`. */
export async function loadDeployments(db: Queryable, podId: string, from: string, to: string): Promise<DeploymentStatusFact[]> {
  const { rows } = await db.query<{ repo: string; environment: string; deployment_id: string; state: string; occurred_at: Date }>(
    `SELECT payload ->> 'repo' AS repo, payload ->> 'environment' AS environment, payload ->> 'deploymentId' AS deployment_id,
            payload ->> 'state' AS state, occurred_at
       FROM events
      WHERE pod_id = $1 AND type = 'deployment.status_changed'
        AND occurred_at >= $2::timestamptz - interval '${DEPLOYMENT_LOOKBACK}' AND occurred_at < $3::timestamptz
      ORDER BY occurred_at, seq`,
    [podId, from, to],
  );
  return rows
    .filter((r) => r.repo !== null && r.environment !== null && r.state !== null && /^-?\d+$/.test(r.deployment_id ?? ''))
    .map((r) => ({ repo: r.repo, environment: r.environment, deploymentId: Number(r.deployment_id), state: r.state, at: r.occurred_at.toISOString() }));
}
