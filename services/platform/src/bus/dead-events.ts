import type { Queryable } from '../db/pool.js';

/**
 * Puts dead outbox events back in line (after the bug that killed them is
 * fixed): status 'pending', tries reset, available now. All dead events when
 * no ids are given. Returns how many were requeued.
 */
export async function requeueDeadEvents(db: Queryable, ids?: readonly string[]): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE events SET status = 'pending', attempts = 0, available_at = now(), locked_until = NULL
     WHERE status = 'dead' AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))`,
    [ids ? [...ids] : null],
  );
  return rowCount ?? 0;
}
