import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** postgres:// URL of the database to bring up to date. */
  databaseUrl: string;
  /** Receives progress lines; silent when omitted. */
  log?: (message: string) => void;
}

/** The bookkeeping table node-pg-migrate keeps the applied migrations in. */
export const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * The folder holding the SQL migrations. Found relative to this module so it
 * works from the sources (src/) and from the build (dist/src/) alike.
 */
export const MIGRATIONS_DIR: string = (() => {
  const candidates = ['../migrations', '../../migrations'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`database migrations folder not found (looked in ${candidates.join(', ')})`);
  return found;
})();

/**
 * Applies every pending migration, all in one transaction, and returns the
 * names of those applied (empty when the database was already up to date).
 *
 * Safe to run from several processes at once: the runner holds a Postgres
 * advisory lock and a second runner waits for it, then finds nothing to do.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const applied = await runner({
    databaseUrl: options.databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log,
  });
  return applied.map((m) => m.name);
}
