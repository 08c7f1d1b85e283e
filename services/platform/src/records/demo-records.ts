import type { Queryable } from '../db/pool.js';

/** A demo to schedule. */
export interface DemoInput {
  projectId: string;
  podId: string;
  /** The pod's calendar day, `YYYY-MM-DD`. */
  day: string;
  scheduledBy: string;
  /** Names the request, so a retried one schedules nothing twice. */
  requestKey?: string;
}

/** A stored demo. */
export interface DemoRecord {
  id: number;
  projectId: string;
  podId: string;
  day: string;
  scheduledBy: string;
  heldAt?: Date;
  heldBy?: string;
  evidenceSubmittedAt?: Date;
}

/** Options of {@link DemoStore.list}. */
export interface ListDemosOptions {
  podIds?: string[];
  projectId?: string;
  /** Only demos not held yet, on or after this day. */
  upcomingFrom?: string;
  limit?: number;
}

/** Demos (table `demos`): every statement on the table is here. */
export interface DemoStore {
  schedule(input: DemoInput): Promise<{ demo: DemoRecord; created: boolean }>;
  get(id: number): Promise<DemoRecord | undefined>;
  list(options?: ListDemosOptions): Promise<DemoRecord[]>;
  /** Marks a demo held; `changed: false` when it was already. */
  markHeld(id: number, by: string): Promise<{ demo: DemoRecord; changed: boolean } | undefined>;
  /** Notes that the held demo reached the project's gate as evidence. */
  markEvidenceSubmitted(id: number): Promise<void>;
  /** Demos of the pod on `day` not held yet. */
  dueOn(podId: string, day: string): Promise<DemoRecord[]>;
}

interface DemoRow {
  id: string;
  project_id: string;
  pod_id: string;
  day: string;
  scheduled_by: string;
  held_at: Date | null;
  held_by: string | null;
  evidence_submitted_at: Date | null;
}

const COLUMNS = `id, project_id, pod_id, scheduled_for::text AS day, scheduled_by, held_at, held_by, evidence_submitted_at`;

function toDemo(row: DemoRow): DemoRecord {
  return {
    id: Number(row.id),
    projectId: row.project_id,
    podId: row.pod_id,
    day: row.day,
    scheduledBy: row.scheduled_by,
    ...(row.held_at !== null ? { heldAt: row.held_at } : {}),
    ...(row.held_by !== null ? { heldBy: row.held_by } : {}),
    ...(row.evidence_submitted_at !== null ? { evidenceSubmittedAt: row.evidence_submitted_at } : {}),
  };
}

/** {@link DemoStore} on Postgres. */
export function createPgDemoStore(db: Queryable): DemoStore {
  const one = async (text: string, values: unknown[]): Promise<DemoRecord | undefined> => {
    const { rows } = await db.query<DemoRow>(text, values);
    return rows[0] === undefined ? undefined : toDemo(rows[0]);
  };
  return {
    async schedule(input) {
      const inserted = await one(
        `INSERT INTO demos (project_id, pod_id, scheduled_for, scheduled_by, request_key)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (request_key) DO NOTHING
         RETURNING ${COLUMNS}`,
        [input.projectId, input.podId, input.day, input.scheduledBy, input.requestKey ?? null],
      );
      if (inserted !== undefined) return { demo: inserted, created: true };
      const existing = await one(`SELECT ${COLUMNS} FROM demos WHERE request_key = $1`, [input.requestKey]);
      return { demo: existing!, created: false };
    },

    get: (id) => one(`SELECT ${COLUMNS} FROM demos WHERE id = $1`, [id]),

    async list(options = {}) {
      const { rows } = await db.query<DemoRow>(
        `SELECT ${COLUMNS} FROM demos
          WHERE ($1::text[] IS NULL OR pod_id = ANY($1))
            AND ($2::text IS NULL OR project_id = $2)
            AND ($3::date IS NULL OR (held_at IS NULL AND scheduled_for >= $3))
          ORDER BY scheduled_for, id LIMIT $4`,
        [options.podIds ?? null, options.projectId ?? null, options.upcomingFrom ?? null, options.limit ?? 20],
      );
      return rows.map(toDemo);
    },

    async markHeld(id, by) {
      const updated = await one(`UPDATE demos SET held_at = now(), held_by = $2 WHERE id = $1 AND held_at IS NULL RETURNING ${COLUMNS}`, [id, by]);
      if (updated !== undefined) return { demo: updated, changed: true };
      const existing = await one(`SELECT ${COLUMNS} FROM demos WHERE id = $1`, [id]);
      return existing === undefined ? undefined : { demo: existing, changed: false };
    },

    async markEvidenceSubmitted(id) {
      await db.query(`UPDATE demos SET evidence_submitted_at = COALESCE(evidence_submitted_at, now()) WHERE id = $1`, [id]);
    },

    async dueOn(podId, day) {
      const { rows } = await db.query<DemoRow>(`SELECT ${COLUMNS} FROM demos WHERE pod_id = $1 AND scheduled_for = $2 AND held_at IS NULL ORDER BY id`, [
        podId,
        day,
      ]);
      return rows.map(toDemo);
    },
  };
}
