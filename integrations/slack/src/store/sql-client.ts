/** A result row: column name to value. */
export type SqlRow = { [column: string]: unknown };

/**
 * Anything that runs a query: a pg `Pool`, or a client inside a transaction. Declared here
 * by shape so this package needs no database driver; the platform's pool fits as is. The
 * message ledger is the only table this package touches: it is the sender's own memory of
 * what it posted, not a business record.
 */
export interface SqlClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors pg's own row type, which is `any`-indexed
  query<R extends { [column: string]: any } = SqlRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}
