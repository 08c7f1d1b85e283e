import { computePodHealth, type PodHealthInput } from '@clos/domain';
import type pg from 'pg';

/** Writes `scans` hourly health snapshots of a pod ending now, the last one from `latest`. */
export async function seedHealth(pool: pg.Pool, podId: string, history: number[], latest: PodHealthInput): Promise<{ score: number; failing: string[] }> {
  const now = Date.now();
  const current = computePodHealth(latest);
  const rows = [...history.map((score) => ({ score, components: [], failing: [] as string[] })), current];
  for (const [i, row] of rows.entries()) {
    const at = new Date(now - (rows.length - 1 - i) * 3_600_000);
    await pool.query('INSERT INTO pod_health_snapshots (pod_id, at, score, components, failing) VALUES ($1, $2, $3, $4, $5)', [
      podId,
      at,
      row.score,
      JSON.stringify(row.components),
      row.failing,
    ]);
  }
  return { score: current.score, failing: current.failing };
}

/** Ideas, a demo, standups and an open blocker, as the Slack bot records them. */
export async function seedTeamRecords(
  pool: pg.Pool,
  f: { podId: string; projectId: string; people: [string, string]; idea: string; blocker: string; demoDay: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO ideas (pod_id, title, problem, impact, confidence, ease, status, submitted_by)
     VALUES ($1, $2, 'Customers drop off at the payment step', 8, 7, 6, 'proposed', $3),
            ($1, 'Retire the legacy ledger', 'Two ledgers disagree every month', 5, 5, 3, 'accepted', $4)`,
    [f.podId, f.idea, f.people[0], f.people[1]],
  );
  await pool.query('INSERT INTO demos (project_id, pod_id, scheduled_for, scheduled_by) VALUES ($1, $2, $3, $4)', [
    f.projectId,
    f.podId,
    f.demoDay,
    f.people[0],
  ]);
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await pool.query(
    `INSERT INTO standups (pod_id, person_id, day, yesterday, today, blockers, confidence)
     VALUES ($1, $2, $4, 'Reviewed refunds', 'Checkout API', '', 4),
            ($1, $3, $4, 'Load tests', 'Fix flaky tests', $5, 3),
            ($1, $2, $6, 'Planning', 'Reviewed refunds', '', 4)`,
    [f.podId, f.people[0], f.people[1], today, f.blocker, yesterday],
  );
  await pool.query(
    `INSERT INTO blockers (pod_id, person_id, description, normalized, opened_at, last_seen_at)
     VALUES ($1, $2, $3, lower($3), now() - interval '2 days', now())`,
    [f.podId, f.people[1], f.blocker],
  );
}
