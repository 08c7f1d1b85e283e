import type pg from 'pg';
import { withTransaction, type Queryable } from '../db/pool.js';

/** A standup as the modal submits it. */
export interface StandupInput {
  podId: string;
  personId: string;
  /** The pod's calendar day, `YYYY-MM-DD`. */
  day: string;
  yesterday: string;
  today: string;
  /** As written: one blocker a line. */
  blockers: string;
  /** 1 (unlikely) to 5 (certain) that today's plan holds. */
  confidence: number;
  slackUserId?: string;
}

/** A stored standup. */
export interface StandupRecord extends StandupInput {
  id: string;
  submittedAt: Date;
}

/** A blocker line, prepared for tracking. */
export interface BlockerLine {
  description: string;
  /** Folded text that identifies the same blocker from one day to the next. */
  normalized: string;
  workItemId?: string;
}

/** A tracked blocker. */
export interface BlockerRecord {
  id: number;
  podId: string;
  personId: string;
  description: string;
  workItemId?: string;
  openedAt: Date;
  lastSeenAt: Date;
  escalatedAt?: Date;
  escalatedTo?: string[];
  resolvedAt?: Date;
  resolvedBy?: string;
}

/** What saving a standup did to its author's blockers. */
export interface StandupSaved {
  standup: StandupRecord;
  /** First time named. */
  opened: BlockerRecord[];
  /** Named again; still open, age kept. */
  carried: BlockerRecord[];
  /** Open before and left out this time: resolved. */
  resolved: BlockerRecord[];
}

interface StandupRow {
  id: string;
  pod_id: string;
  person_id: string;
  day: string;
  yesterday: string;
  today: string;
  blockers: string;
  confidence: number;
  slack_user_id: string | null;
  submitted_at: Date;
}

interface BlockerRow {
  id: string;
  pod_id: string;
  person_id: string;
  description: string;
  normalized: string;
  work_item_id: string | null;
  opened_at: Date;
  last_seen_at: Date;
  escalated_at: Date | null;
  escalated_to: string[] | null;
  resolved_at: Date | null;
  resolved_by: string | null;
}

const STANDUP_COLUMNS = `id, pod_id, person_id, day::text AS day, yesterday, today, blockers, confidence, slack_user_id, submitted_at`;
const BLOCKER_COLUMNS = `id, pod_id, person_id, description, normalized, work_item_id, opened_at, last_seen_at, escalated_at, escalated_to, resolved_at, resolved_by`;

function toStandup(row: StandupRow): StandupRecord {
  return {
    id: row.id,
    podId: row.pod_id,
    personId: row.person_id,
    day: row.day,
    yesterday: row.yesterday,
    today: row.today,
    blockers: row.blockers,
    confidence: row.confidence,
    ...(row.slack_user_id !== null ? { slackUserId: row.slack_user_id } : {}),
    submittedAt: row.submitted_at,
  };
}

/** Maps a `blockers` row. */
export function toBlocker(row: BlockerRow): BlockerRecord {
  return {
    id: Number(row.id),
    podId: row.pod_id,
    personId: row.person_id,
    description: row.description,
    ...(row.work_item_id !== null ? { workItemId: row.work_item_id } : {}),
    openedAt: row.opened_at,
    lastSeenAt: row.last_seen_at,
    ...(row.escalated_at !== null ? { escalatedAt: row.escalated_at } : {}),
    ...(row.escalated_to !== null ? { escalatedTo: row.escalated_to } : {}),
    ...(row.resolved_at !== null ? { resolvedAt: row.resolved_at } : {}),
    ...(row.resolved_by !== null ? { resolvedBy: row.resolved_by } : {}),
  };
}

/** Standups and the blockers they name (tables `standups`, `blockers`): every statement the bot and the reminders make on them is here. */
export interface StandupStore {
  /**
   * Saves (or replaces) a person's standup of a day and reconciles their blockers in the
   * same transaction: lines seen before stay open with their age, new ones open, open ones
   * left out are resolved. Submitting the same standup twice changes nothing the second time.
   */
  save(input: StandupInput, blockers: BlockerLine[]): Promise<StandupSaved>;
  /** A person's standup of a day. */
  get(podId: string, personId: string, day: string): Promise<StandupRecord | undefined>;
  /** Person ids that answered in the pod on the day. */
  respondents(podId: string, day: string): Promise<string[]>;
  /** Standups per person over `[fromDay, toDay]`, for participation in pod health. */
  participation(podId: string, fromDay: string, toDay: string): Promise<{ personId: string; days: number }[]>;
  /** The pod's open blockers, oldest first. */
  openBlockers(podId: string): Promise<BlockerRecord[]>;
  /** Open blockers opened before `openedBefore` that were not escalated yet. */
  blockersToEscalate(podId: string, openedBefore: Date): Promise<BlockerRecord[]>;
  /** Marks blockers escalated to `leads`; returns those it marked (not marked before). */
  markEscalated(ids: number[], leads: string[]): Promise<BlockerRecord[]>;
  /** A blocker by id. */
  blocker(id: number): Promise<BlockerRecord | undefined>;
  /** Resolves an open blocker; `undefined` when it was not open. */
  resolveBlocker(id: number, by: string): Promise<BlockerRecord | undefined>;
}

/** {@link StandupStore} on Postgres. */
export function createPgStandupStore(pool: pg.Pool): StandupStore {
  return {
    save: (input, blockers) => withTransaction(pool, (db) => saveStandup(db, input, blockers)),

    async get(podId, personId, day) {
      const { rows } = await pool.query<StandupRow>(
        `SELECT ${STANDUP_COLUMNS} FROM standups WHERE pod_id = $1 AND person_id = $2 AND day = $3`,
        [podId, personId, day],
      );
      return rows[0] === undefined ? undefined : toStandup(rows[0]);
    },

    async respondents(podId, day) {
      const { rows } = await pool.query<{ person_id: string }>(`SELECT person_id FROM standups WHERE pod_id = $1 AND day = $2 ORDER BY person_id`, [
        podId,
        day,
      ]);
      return rows.map((r) => r.person_id);
    },

    async participation(podId, fromDay, toDay) {
      const { rows } = await pool.query<{ person_id: string; days: string }>(
        `SELECT person_id, count(*) AS days FROM standups WHERE pod_id = $1 AND day BETWEEN $2 AND $3 GROUP BY person_id ORDER BY person_id`,
        [podId, fromDay, toDay],
      );
      return rows.map((r) => ({ personId: r.person_id, days: Number(r.days) }));
    },

    async openBlockers(podId) {
      const { rows } = await pool.query<BlockerRow>(
        `SELECT ${BLOCKER_COLUMNS} FROM blockers WHERE pod_id = $1 AND resolved_at IS NULL ORDER BY opened_at, id`,
        [podId],
      );
      return rows.map(toBlocker);
    },

    async blockersToEscalate(podId, openedBefore) {
      const { rows } = await pool.query<BlockerRow>(
        `SELECT ${BLOCKER_COLUMNS} FROM blockers
          WHERE pod_id = $1 AND resolved_at IS NULL AND escalated_at IS NULL AND opened_at < $2
          ORDER BY opened_at, id`,
        [podId, openedBefore],
      );
      return rows.map(toBlocker);
    },

    async markEscalated(ids, leads) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<BlockerRow>(
        `UPDATE blockers SET escalated_at = now(), escalated_to = $2
          WHERE id = ANY($1::bigint[]) AND escalated_at IS NULL
          RETURNING ${BLOCKER_COLUMNS}`,
        [ids, leads],
      );
      return rows.map(toBlocker);
    },

    async blocker(id) {
      const { rows } = await pool.query<BlockerRow>(`SELECT ${BLOCKER_COLUMNS} FROM blockers WHERE id = $1`, [id]);
      return rows[0] === undefined ? undefined : toBlocker(rows[0]);
    },

    async resolveBlocker(id, by) {
      const { rows } = await pool.query<BlockerRow>(
        `UPDATE blockers SET resolved_at = now(), resolved_by = $2 WHERE id = $1 AND resolved_at IS NULL RETURNING ${BLOCKER_COLUMNS}`,
        [id, by],
      );
      return rows[0] === undefined ? undefined : toBlocker(rows[0]);
    },
  };
}

async function saveStandup(db: Queryable, input: StandupInput, blockers: BlockerLine[]): Promise<StandupSaved> {
  const { rows } = await db.query<StandupRow>(
    `INSERT INTO standups (pod_id, person_id, day, yesterday, today, blockers, confidence, slack_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (pod_id, person_id, day) DO UPDATE SET
       yesterday = EXCLUDED.yesterday, today = EXCLUDED.today, blockers = EXCLUDED.blockers,
       confidence = EXCLUDED.confidence, slack_user_id = COALESCE(EXCLUDED.slack_user_id, standups.slack_user_id),
       submitted_at = now()
     RETURNING ${STANDUP_COLUMNS}`,
    [input.podId, input.personId, input.day, input.yesterday, input.today, input.blockers, input.confidence, input.slackUserId ?? null],
  );
  const standup = toStandup(rows[0]!);
  // Locks the person's open blockers so two submissions at once reconcile one after the other.
  const open = (
    await db.query<BlockerRow>(
      `SELECT ${BLOCKER_COLUMNS} FROM blockers WHERE pod_id = $1 AND person_id = $2 AND resolved_at IS NULL ORDER BY id FOR UPDATE`,
      [input.podId, input.personId],
    )
  ).rows;
  const named = new Map<string, BlockerLine>();
  for (const line of blockers) if (!named.has(line.normalized)) named.set(line.normalized, line);

  const carried: BlockerRecord[] = [];
  const resolved: BlockerRecord[] = [];
  for (const row of open) {
    if (named.has(row.normalized)) {
      const line = named.get(row.normalized)!;
      const updated = await db.query<BlockerRow>(
        `UPDATE blockers SET last_seen_at = now(), standup_id = $2, description = $3, work_item_id = COALESCE($4, work_item_id)
          WHERE id = $1 RETURNING ${BLOCKER_COLUMNS}`,
        [row.id, standup.id, line.description, line.workItemId ?? null],
      );
      carried.push(toBlocker(updated.rows[0]!));
      named.delete(row.normalized);
    } else {
      const updated = await db.query<BlockerRow>(
        `UPDATE blockers SET resolved_at = now(), resolved_by = $2 WHERE id = $1 RETURNING ${BLOCKER_COLUMNS}`,
        [row.id, input.personId],
      );
      resolved.push(toBlocker(updated.rows[0]!));
    }
  }
  const opened: BlockerRecord[] = [];
  for (const line of named.values()) {
    const inserted = await db.query<BlockerRow>(
      `INSERT INTO blockers (pod_id, person_id, standup_id, description, normalized, work_item_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (pod_id, person_id, normalized) WHERE resolved_at IS NULL DO NOTHING
       RETURNING ${BLOCKER_COLUMNS}`,
      [input.podId, input.personId, standup.id, line.description, line.normalized, line.workItemId ?? null],
    );
    if (inserted.rows[0] !== undefined) opened.push(toBlocker(inserted.rows[0]));
  }
  return { standup, opened, carried, resolved };
}
