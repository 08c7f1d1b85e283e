import type { Queryable } from '../db/pool.js';

/** A dead outbox event: its envelope's identity and why delivering it kept failing. */
export interface DeadEventSummary {
  id: string;
  /** Position in the log: the listing pages on it. */
  seq: string;
  type: string;
  source: string;
  occurredAt: string;
  deliveryId: string;
  attempts: number;
  lastError: string | null;
}

interface DeadRow {
  id: string;
  seq: string;
  type: string;
  source: string;
  occurred_at: Date;
  delivery_id: string;
  attempts: number;
  last_error: string | null;
}

/**
 * Dead outbox events, oldest first (the order they would have been delivered in), `limit`
 * of them after `afterSeq`.
 */
export async function listDeadEvents(db: Queryable, input: { limit: number; afterSeq?: string }): Promise<DeadEventSummary[]> {
  const { rows } = await db.query<DeadRow>(
    `SELECT id, seq::text AS seq, type, source, occurred_at, delivery_id, attempts, last_error
     FROM events WHERE status = 'dead' AND ($2::bigint IS NULL OR seq > $2::bigint)
     ORDER BY seq LIMIT $1`,
    [input.limit, input.afterSeq ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    type: r.type,
    source: r.source,
    occurredAt: r.occurred_at.toISOString(),
    deliveryId: r.delivery_id,
    attempts: r.attempts,
    lastError: r.last_error,
  }));
}

/**
 * Puts dead outbox events back in line (after the bug that killed them is
 * fixed): status 'pending', tries reset, available now. All dead events when
 * no ids are given. Returns the ids requeued.
 */
export async function requeueDeadEventIds(db: Queryable, ids?: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE events SET status = 'pending', attempts = 0, available_at = now(), locked_until = NULL
     WHERE status = 'dead' AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
     RETURNING id`,
    [ids ? [...ids] : null],
  );
  return rows.map((r) => r.id);
}

/** {@link requeueDeadEventIds}, answering how many were requeued. */
export async function requeueDeadEvents(db: Queryable, ids?: readonly string[]): Promise<number> {
  return (await requeueDeadEventIds(db, ids)).length;
}
