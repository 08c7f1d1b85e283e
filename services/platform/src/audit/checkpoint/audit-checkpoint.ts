import type { Queryable } from '../../db/pool.js';
import type { AuditChainProblem } from '../append-audit.js';
import type { AuditCheckpoint, AuditCheckpointStore } from './ports.js';

/** What the checkpoint says about the log. */
export interface AuditCheckpointCheck {
  /** The checkpoint compared against, when one was written. */
  checkpoint?: AuditCheckpoint;
  /** Where it is kept. */
  location: string;
  /** Empty when the log still holds the checkpointed head, unchanged. */
  problems: AuditChainProblem[];
}

/**
 * Compares the log with the head checkpointed outside the database: the entry the
 * checkpoint names must still be there with the same hash. A chain whose tail was cut off
 * verifies on its own; this is what shows the cut.
 */
export async function checkAuditCheckpoint(db: Queryable, store: AuditCheckpointStore): Promise<AuditCheckpointCheck> {
  const checkpoint = await store.read();
  if (checkpoint === undefined) return { location: store.location, problems: [] };
  const { rows } = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1::bigint', [checkpoint.id]);
  const problems: AuditChainProblem[] = [];
  if (rows.length === 0) {
    problems.push({
      id: checkpoint.id,
      problem: `entry ${checkpoint.id}, the head checkpointed at ${store.location} on ${checkpoint.at}, is missing: the log's tail was removed`,
      expectedHash: checkpoint.hash,
      storedHash: '',
    });
  } else if (rows[0]!.hash !== checkpoint.hash) {
    problems.push({
      id: checkpoint.id,
      problem: `entry ${checkpoint.id} differs from the head checkpointed at ${store.location} on ${checkpoint.at}`,
      expectedHash: checkpoint.hash,
      storedHash: rows[0]!.hash,
    });
  }
  return { checkpoint, location: store.location, problems };
}

/** What {@link checkpointAuditHead} did. */
export type CheckpointOutcome =
  | { kind: 'written'; checkpoint: AuditCheckpoint }
  | { kind: 'unchanged' | 'empty' }
  /** The log disagrees with the last checkpoint; it is left in place as the evidence. */
  | { kind: 'refused'; problems: AuditChainProblem[] };

/**
 * Anchors the log's current head outside the database. Never moves the checkpoint past a
 * log that disagrees with it — overwriting it would erase the evidence of a removed tail.
 */
export async function checkpointAuditHead(
  db: Queryable,
  store: AuditCheckpointStore,
  now: () => Date = () => new Date(),
): Promise<CheckpointOutcome> {
  const { rows } = await db.query<{ id: string; hash: string }>('SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const head = rows[0];
  if (head === undefined) return { kind: 'empty' };
  const check = await checkAuditCheckpoint(db, store);
  if (check.problems.length > 0) return { kind: 'refused', problems: check.problems };
  if (check.checkpoint !== undefined && BigInt(check.checkpoint.id) >= BigInt(head.id)) return { kind: 'unchanged' };
  const checkpoint: AuditCheckpoint = { id: head.id, hash: head.hash, at: now().toISOString() };
  await store.write(checkpoint);
  return { kind: 'written', checkpoint };
}
