import type pg from 'pg';
import { withTransaction, type Queryable } from '../db/pool.js';

/** Where an idea stands. */
export const IDEA_STATUSES = ['proposed', 'accepted', 'rejected'] as const;

/** One of {@link IDEA_STATUSES}. */
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** ICE inputs, each 1 (low) to 10 (high). */
export interface IceScores {
  impact: number;
  confidence: number;
  ease: number;
}

/** An idea as submitted. */
export interface IdeaInput extends IceScores {
  podId?: string;
  title: string;
  problem: string;
  submittedBy: string;
  /** Names the submission, so a retried one creates nothing twice. */
  submissionKey?: string;
}

/** A stored idea. */
export interface IdeaRecord extends IceScores {
  id: number;
  podId?: string;
  title: string;
  problem: string;
  /** impact × confidence × ease: 1 to 1000. */
  iceScore: number;
  status: IdeaStatus;
  submittedBy: string;
  github?: { repo: string; number: number; url: string; state: 'open' | 'closed' };
  createdAt: Date;
}

/** One change of an idea's status. */
export interface IdeaStatusChange {
  from: IdeaStatus | null;
  to: IdeaStatus;
  actor: string;
  reason?: string;
  at: Date;
}

/** A GitHub issue's state as a webhook reported it. */
export interface IssueStateChange {
  repo: string;
  number: number;
  state: 'open' | 'closed';
  /** When GitHub changed it (ISO-8601). */
  at: string;
  /** For the idea's history, e.g. `GitHub issue acme/ideas#4 closed (completed)`. */
  reason: string;
}

/** Options of {@link IdeaStore.list}. */
export interface ListIdeasOptions {
  status?: IdeaStatus;
  podId?: string;
  /** `score`: highest ICE first; `recent` (default): newest first. */
  order?: 'score' | 'recent';
  limit?: number;
}

/** The idea ledger (tables `ideas`, `idea_status_changes`): every statement on them is here. */
export interface IdeaStore {
  create(input: IdeaInput): Promise<{ idea: IdeaRecord; created: boolean }>;
  get(id: number): Promise<IdeaRecord | undefined>;
  list(options?: ListIdeasOptions): Promise<IdeaRecord[]>;
  rescore(id: number, scores: IceScores): Promise<IdeaRecord | undefined>;
  /** Moves an idea to `to` and records the change; `changed: false` when it already was there. */
  setStatus(id: number, to: IdeaStatus, actor: string, reason?: string): Promise<{ idea: IdeaRecord; changed: boolean } | undefined>;
  history(id: number): Promise<IdeaStatusChange[]>;
  /** Links the GitHub issue an idea became; `undefined` when it is linked already. */
  linkIssue(id: number, issue: { repo: string; number: number; url: string }): Promise<IdeaRecord | undefined>;
  /**
   * Brings the idea linked to a GitHub issue in line with the issue's state. Written only when
   * `change.at` is newer than the last change applied, so a redelivered or reordered delivery
   * changes nothing twice; a change of state adds a line to the idea's history (the status
   * itself stays: an accepted idea is still accepted whether its issue is open or closed).
   * Answers whether the idea changed.
   */
  syncIssueState(change: IssueStateChange): Promise<boolean>;
}

interface IdeaRow {
  id: string;
  pod_id: string | null;
  title: string;
  problem: string;
  impact: number;
  confidence: number;
  ease: number;
  ice_score: number;
  status: IdeaStatus;
  submitted_by: string;
  github_repo: string | null;
  github_issue_number: number | null;
  github_issue_url: string | null;
  github_issue_state: 'open' | 'closed' | null;
  created_at: Date;
}

const COLUMNS = `id, pod_id, title, problem, impact, confidence, ease, ice_score, status, submitted_by,
  github_repo, github_issue_number, github_issue_url, github_issue_state, created_at`;

function toIdea(row: IdeaRow): IdeaRecord {
  return {
    id: Number(row.id),
    ...(row.pod_id !== null ? { podId: row.pod_id } : {}),
    title: row.title,
    problem: row.problem,
    impact: row.impact,
    confidence: row.confidence,
    ease: row.ease,
    iceScore: row.ice_score,
    status: row.status,
    submittedBy: row.submitted_by,
    ...(row.github_repo !== null && row.github_issue_number !== null
      ? { github: { repo: row.github_repo, number: row.github_issue_number, url: row.github_issue_url ?? '', state: row.github_issue_state ?? 'open' } }
      : {}),
    createdAt: row.created_at,
  };
}

async function one(db: Queryable, text: string, values: unknown[]): Promise<IdeaRecord | undefined> {
  const { rows } = await db.query<IdeaRow>(text, values);
  return rows[0] === undefined ? undefined : toIdea(rows[0]);
}

/** {@link IdeaStore} on Postgres. */
export function createPgIdeaStore(pool: pg.Pool): IdeaStore {
  return {
    create: (input) =>
      withTransaction(pool, async (db) => {
        const inserted = await one(
          db,
          `INSERT INTO ideas (pod_id, title, problem, impact, confidence, ease, submitted_by, submission_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (submission_key) DO NOTHING
           RETURNING ${COLUMNS}`,
          [input.podId ?? null, input.title, input.problem, input.impact, input.confidence, input.ease, input.submittedBy, input.submissionKey ?? null],
        );
        if (inserted !== undefined) {
          await db.query(`INSERT INTO idea_status_changes (idea_id, from_status, to_status, actor) VALUES ($1, NULL, 'proposed', $2)`, [
            inserted.id,
            input.submittedBy,
          ]);
          return { idea: inserted, created: true };
        }
        const existing = await one(db, `SELECT ${COLUMNS} FROM ideas WHERE submission_key = $1`, [input.submissionKey]);
        return { idea: existing!, created: false };
      }),

    get: (id) => one(pool, `SELECT ${COLUMNS} FROM ideas WHERE id = $1`, [id]),

    async list(options = {}) {
      const order = options.order === 'score' ? 'ice_score DESC, id DESC' : 'id DESC';
      const { rows } = await pool.query<IdeaRow>(
        `SELECT ${COLUMNS} FROM ideas
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR pod_id = $2)
          ORDER BY ${order} LIMIT $3`,
        [options.status ?? null, options.podId ?? null, options.limit ?? 20],
      );
      return rows.map(toIdea);
    },

    rescore: (id, s) =>
      one(pool, `UPDATE ideas SET impact = $2, confidence = $3, ease = $4 WHERE id = $1 RETURNING ${COLUMNS}`, [id, s.impact, s.confidence, s.ease]),

    setStatus: (id, to, actor, reason) =>
      withTransaction(pool, async (db) => {
        const current = await one(db, `SELECT ${COLUMNS} FROM ideas WHERE id = $1 FOR UPDATE`, [id]);
        if (current === undefined) return undefined;
        if (current.status === to) return { idea: current, changed: false };
        const idea = await one(db, `UPDATE ideas SET status = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, to]);
        await db.query(`INSERT INTO idea_status_changes (idea_id, from_status, to_status, actor, reason) VALUES ($1, $2, $3, $4, $5)`, [
          id,
          current.status,
          to,
          actor,
          reason ?? null,
        ]);
        return { idea: idea!, changed: true };
      }),

    async history(id) {
      const { rows } = await pool.query<{ from_status: IdeaStatus | null; to_status: IdeaStatus; actor: string; reason: string | null; at: Date }>(
        `SELECT from_status, to_status, actor, reason, at FROM idea_status_changes WHERE idea_id = $1 ORDER BY at, id`,
        [id],
      );
      return rows.map((r) => ({ from: r.from_status, to: r.to_status, actor: r.actor, at: r.at, ...(r.reason !== null ? { reason: r.reason } : {}) }));
    },

    linkIssue: (id, issue) =>
      one(
        pool,
        `UPDATE ideas SET github_repo = $2, github_issue_number = $3, github_issue_url = $4, github_issue_state = 'open'
          WHERE id = $1 AND github_repo IS NULL RETURNING ${COLUMNS}`,
        [id, issue.repo, issue.number, issue.url],
      ),

    syncIssueState: (change) =>
      withTransaction(pool, async (db) => {
        const updated = await db.query<{ id: string; status: string; changed: boolean }>(
          `WITH before AS (
             SELECT id, github_issue_state FROM ideas
              WHERE lower(github_repo) = lower($1) AND github_issue_number = $2
              FOR UPDATE
           )
           UPDATE ideas i SET github_issue_state = $3, github_issue_synced_at = $4
             FROM before b
            WHERE i.id = b.id AND (i.github_issue_synced_at IS NULL OR i.github_issue_synced_at < $4)
           RETURNING i.id, i.status, b.github_issue_state IS DISTINCT FROM $3 AS changed`,
          [change.repo, change.number, change.state, change.at],
        );
        const row = updated.rows[0];
        if (row?.changed !== true) return false;
        await db.query(
          `INSERT INTO idea_status_changes (idea_id, from_status, to_status, actor, reason, at) VALUES ($1, $2, $2, 'github', $3, $4)`,
          [row.id, row.status, change.reason, change.at],
        );
        return true;
      }),
  };
}
