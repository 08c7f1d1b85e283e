import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Moves `<dataDir>/audit/checkpoint.json` aside when the embedded Postgres cluster is about to
 * be created (no `postgres/PG_VERSION`): the checkpoint anchors the audit chain of a database
 * that is gone. Kept, renamed, rather than deleted. Returns the new name, if it moved one.
 */
export function retireOrphanedCheckpoint(dataDir: string, now: Date = new Date()): string | undefined {
  const checkpoint = join(dataDir, 'audit', 'checkpoint.json');
  if (existsSync(join(dataDir, 'postgres', 'PG_VERSION')) || !existsSync(checkpoint)) return undefined;
  const retired = join(dataDir, 'audit', `checkpoint.retired-${now.toISOString().replace(/[:.]/g, '-')}.json`);
  renameSync(checkpoint, retired);
  return retired;
}
