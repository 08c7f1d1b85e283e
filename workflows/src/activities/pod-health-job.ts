import { computePodHealth, wipUtilisationOf, type HealthComponent, type HealthMetric, type HealthThresholds, type PodHealthInput } from '@clos/domain';
import type { Queryable } from '@clos/platform';

/** Days of activity a scan looks back over (docs/health-score.md). */
export const HEALTH_WINDOW_DAYS = 7;

/**
 * Pods measured at once by default: enough to overlap the round trips (two statements and a
 * workflow query per pod), few enough to leave the worker's pool to its other activities.
 */
export const HEALTH_SCAN_CONCURRENCY = 4;

/** A pod's live WIP demand, as its workflow holds it. */
export interface LiveWipUsage {
  limit: number;
  regular: number;
  queued: number;
}

/** What the scan reads through. */
export interface PodHealthJobDependencies {
  db: Queryable;
  /**
   * The pod workflow's live WIP (holders by lane and queue); `undefined` when its workflow
   * is not running. The `work_items` record is used when omitted, undefined or failing.
   */
  liveWip?: (podId: string) => Promise<LiveWipUsage | undefined>;
  onError?: (error: unknown, podId: string) => void;
  /** Pods measured at once (default {@link HEALTH_SCAN_CONCURRENCY}); keep it below the pool's size. */
  concurrency?: number;
}

/** One pod's scan result, as stored in `pod_health_snapshots`. */
export interface PodHealthSnapshot {
  podId: string;
  at: string;
  score: number;
  components: HealthComponent[];
  failing: HealthMetric[];
}

interface PodRow {
  id: string;
  wip_limit: number;
  expedite_label: string;
  health_thresholds: Partial<HealthThresholds> | null;
  timezone: string;
}

/**
 * Measures every pod (not archived) at `at` from the record — WIP, blockers, time in stage,
 * standups, escalations and WIP violations over the {@link HEALTH_WINDOW_DAYS} before it —
 * scores it with `computePodHealth` and stores one snapshot per pod, `concurrency` pods at a
 * time. Running it again for the same `at` rewrites the same rows. Returns the snapshots, in
 * pod id order.
 */
export async function recordPodHealthSnapshots(deps: PodHealthJobDependencies, input: { at: string }): Promise<PodHealthSnapshot[]> {
  const at = new Date(input.at).toISOString();
  const { rows: pods } = await deps.db.query<PodRow>(
    `SELECT p.id, p.wip_limit, p.expedite_label, p.health_thresholds, o.timezone
       FROM pods p JOIN orgs o ON o.id = p.org_id
      WHERE p.archived_at IS NULL ORDER BY p.id`,
  );
  return mapBounded(pods, deps.concurrency ?? HEALTH_SCAN_CONCURRENCY, async (pod) => {
    const measured = await measurePodHealth(deps, pod, at);
    const health = computePodHealth(measured);
    await deps.db.query(
      `INSERT INTO pod_health_snapshots (pod_id, at, score, components, failing)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (pod_id, at) DO UPDATE SET score = EXCLUDED.score, components = EXCLUDED.components, failing = EXCLUDED.failing`,
      [pod.id, at, health.score, JSON.stringify(health.components), health.failing],
    );
    return { podId: pod.id, at, ...health };
  });
}

/** `work` over `items`, at most `limit` at once; the results in the items' order. The first failure fails the whole. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

async function wipUsage(deps: PodHealthJobDependencies, pod: PodRow): Promise<LiveWipUsage> {
  if (deps.liveWip !== undefined) {
    try {
      const live = await deps.liveWip(pod.id);
      if (live !== undefined) return live;
    } catch (error) {
      deps.onError?.(error, pod.id);
    }
  }
  const { rows } = await deps.db.query<{ regular: number; queued: number }>(
    `SELECT count(*) FILTER (WHERE state = 'held' AND NOT ($2 = ANY(labels)))::int AS regular,
            count(*) FILTER (WHERE state = 'queued')::int AS queued
       FROM work_items WHERE pod_id = $1`,
    [pod.id, pod.expedite_label],
  );
  return { limit: pod.wip_limit, regular: rows[0]!.regular, queued: rows[0]!.queued };
}

/** The metrics of one pod at `at` (an ISO time); unknown ones are `null`. */
async function measurePodHealth(deps: PodHealthJobDependencies, pod: PodRow, at: string): Promise<PodHealthInput> {
  const usage = await wipUsage(deps, pod);
  const { rows } = await deps.db.query<{
    wip_violations: number;
    escalations: number;
    blocker_age_days: number | null;
    time_in_stage_ratio: number | null;
    standup_expected: number;
    standup_answered: number;
  }>(
    `WITH win AS (SELECT $2::timestamptz AS at, $2::timestamptz - make_interval(days => $3::int) AS since),
          local_day AS (SELECT (($2::timestamptz) AT TIME ZONE $4)::date AS today),
          days AS (
            SELECT d::date AS day FROM local_day, generate_series(today - $3::int, today - 1, interval '1 day') AS d
             WHERE extract(isodow FROM d) < 6
          ),
          expected_people AS (
            SELECT m.person_id FROM memberships m JOIN people p ON p.id = m.person_id
             WHERE m.pod_id = $1 AND m.role IN ('member', 'lead', 'admin') AND p.slack_user_id IS NOT NULL
          )
     SELECT
       (SELECT count(DISTINCT coalesce(e.work_item_id, e.id::text))::int FROM events e, win
         WHERE e.pod_id = $1 AND e.type = 'wip.queued' AND e.occurred_at >= win.since AND e.occurred_at < win.at) AS wip_violations,
       (SELECT count(*)::int FROM events e, win
         WHERE e.pod_id = $1 AND e.type = 'stage.escalated' AND e.occurred_at >= win.since AND e.occurred_at < win.at) AS escalations,
       (SELECT coalesce(max(greatest(0, extract(epoch FROM (win.at - b.opened_at)) / 86400)), 0)::float8 FROM blockers b, win
         WHERE b.pod_id = $1 AND b.opened_at <= win.at AND (b.resolved_at IS NULL OR b.resolved_at > win.at)) AS blocker_age_days,
       (SELECT max(greatest(0, extract(epoch FROM (win.at - p.stage_entered_at)) / 86400) / lim.days)::float8
          FROM projects p
          JOIN stage_templates t ON t.id = p.template_id
          CROSS JOIN win
          CROSS JOIN LATERAL (
            SELECT coalesce(
              (SELECT (s ->> 'timeLimitDays')::numeric FROM jsonb_array_elements(t.definition -> 'stages') s WHERE s ->> 'id' = p.current_stage LIMIT 1),
              p.stage_time_limit_days) AS days
          ) lim
         WHERE p.pod_id = $1 AND p.status IN ('active', 'paused') AND p.stage_entered_at IS NOT NULL AND lim.days IS NOT NULL) AS time_in_stage_ratio,
       ((SELECT count(*) FROM expected_people) * (SELECT count(*) FROM days))::int AS standup_expected,
       (SELECT count(*)::int FROM standups s
         WHERE s.pod_id = $1 AND s.person_id IN (SELECT person_id FROM expected_people) AND s.day IN (SELECT day FROM days)) AS standup_answered`,
    [pod.id, at, HEALTH_WINDOW_DAYS, pod.timezone],
  );
  const m = rows[0]!;
  return {
    wipUtilisation: wipUtilisationOf(usage),
    wipViolations: m.wip_violations,
    blockerAgeDays: m.blocker_age_days,
    timeInStageRatio: m.time_in_stage_ratio,
    // A pod whose members are not on Slack gets no standup reminders: participation is unknown.
    standupParticipation: m.standup_expected === 0 ? null : Math.min(1, m.standup_answered / m.standup_expected),
    escalations: m.escalations,
    ...(pod.health_thresholds !== null ? { thresholds: pod.health_thresholds } : {}),
  };
}
