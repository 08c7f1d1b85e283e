/** A result row: column name to value. */
export type SqlRow = { [column: string]: unknown };

/**
 * Anything that runs a query: a pg `Pool`, or a client inside a transaction. Declared here
 * by shape so this package needs no database driver; the platform's pool fits as is.
 */
export interface SqlClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors pg's own row type, which is `any`-indexed
  query<R extends { [column: string]: any } = SqlRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** A pool that lends out one connection, for transactions (a pg `Pool`). */
export interface SqlPool extends SqlClient {
  connect(): Promise<SqlClient & { release(): void }>;
}

/** Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: SqlPool, work: (client: SqlClient) => Promise<T>): Promise<T> {
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
