import pg from 'pg';
import type { Logger } from 'pino';

/** Anything that runs a query: a pool, or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Options of {@link createPool}. */
export interface PoolOptions {
  connectionString: string;
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** Shown in pg_stat_activity, e.g. `clos-api`. */
  applicationName?: string;
  /** Receives errors of idle connections (a restarted server, a dropped link). */
  logger?: Logger;
  /**
   * The audit chain's HMAC key (AUDIT_CHAIN_KEY). Each connection holds it as the session
   * setting the audit trigger and verify_audit_chain() read, so every caller of the pool
   * writes keyed entries without passing the key around. Unset: entries are chained unkeyed.
   */
  auditChainKey?: string | undefined;
}

/** The session setting the audit chain's key travels in (see the keyed-chain migration). */
export const AUDIT_CHAIN_KEY_SETTING = 'clos.audit_chain_key';

/**
 * A pg pool. An idle connection that dies raises an 'error' on the pool, which
 * would crash the process if nobody listened; here it is logged and the pool
 * replaces the connection on next use.
 */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'clos',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    // A startup parameter, not a SET after connecting: it is in force before the first query
    // and costs no round trip. Space and backslash are the separators `options` escapes.
    ...(options.auditChainKey !== undefined
      ? { options: `-c ${AUDIT_CHAIN_KEY_SETTING}=${options.auditChainKey.replace(/[\\ ]/g, (c) => `\\${c}`)}` }
      : {}),
  });
  pool.on('error', (error) => {
    options.logger?.warn({ err: error }, 'idle Postgres connection failed');
  });
  return pool;
}

/**
 * Runs `work` in one transaction on a client of the pool: COMMIT when it
 * resolves, ROLLBACK when it throws.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
