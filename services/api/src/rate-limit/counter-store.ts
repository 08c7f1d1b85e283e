import type { Queryable } from '@clos/platform';

/** A caller's count in its current window, after this hit. */
export interface WindowHit {
  /** Hits in the window, this one included. */
  hits: number;
  /** When the window ends. */
  resetAt: Date;
}

/**
 * Counts `hits` hits (default one) of `caller` in `bucket` in the shared
 * `rate_limit_counters` table: one upsert, so every replica sees the same count. A window
 * begins at the caller's first hit and lasts `windowMs`; the first hit after it ends begins
 * the next one.
 */
export async function countHit(db: Queryable, input: { bucket: string; caller: string; windowMs: number; now: Date; hits?: number }): Promise<WindowHit> {
  const { rows } = await db.query<{ hits: number; window_start: Date }>(
    `INSERT INTO rate_limit_counters AS c (bucket, caller, window_start, hits) VALUES ($1, $2, $3, $5)
     ON CONFLICT (bucket, caller) DO UPDATE SET
       hits = CASE WHEN c.window_start <= $3 - make_interval(secs => $4 / 1000.0) THEN $5 ELSE c.hits + $5 END,
       window_start = CASE WHEN c.window_start <= $3 - make_interval(secs => $4 / 1000.0) THEN $3 ELSE c.window_start END
     RETURNING hits, window_start`,
    [input.bucket, input.caller, input.now, input.windowMs, input.hits ?? 1],
  );
  const row = rows[0]!;
  return { hits: row.hits, resetAt: new Date(row.window_start.getTime() + input.windowMs) };
}

/** Drops the counters of windows that began before `before` (ended ones, given the longest window). */
export async function pruneCounters(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM rate_limit_counters WHERE window_start < $1', [before]);
  return rowCount ?? 0;
}
