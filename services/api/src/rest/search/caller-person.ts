import type pg from 'pg';
import type { Principal } from '@clos/app';

/**
 * The person (clos.yml member) a token or session acts for, or null. Read through
 * `to_jsonb` so the lookup holds whether or not the record has the token's person column
 * yet (the leadership layer adds it): without it, no caller owns private documents.
 */
export async function callerPersonId(pool: pg.Pool, principal: Principal): Promise<string | null> {
  const { rows } = await pool.query<{ person_id: string | null }>(
    `SELECT to_jsonb(t) ->> 'person_id' AS person_id FROM api_tokens t WHERE t.id::text = $1`,
    [principal.tokenId],
  );
  return rows[0]?.person_id ?? null;
}
