import type { Logger } from 'pino';
import type { Queryable } from '../../db/pool.js';
import { checkpointAuditHead } from './audit-checkpoint.js';
import type { AuditCheckpointStore } from './ports.js';

/** Options of {@link startAuditCheckpointer}. */
export interface AuditCheckpointerOptions {
  db: Queryable;
  store: AuditCheckpointStore;
  /** How often the head is anchored (default 60 s): the window in which a dropped tail goes unseen. */
  intervalMs?: number;
  logger?: Logger;
}

/**
 * Anchors the audit chain's head now and then every interval, until the returned function
 * is called (it waits for a round in progress). A log that disagrees with its checkpoint is
 * reported at error level on every round and the checkpoint is left alone.
 */
export function startAuditCheckpointer(options: AuditCheckpointerOptions): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = running
      .then(() => checkpointAuditHead(options.db, options.store))
      .then(
        (outcome) => {
          if (outcome.kind === 'refused') {
            options.logger?.error({ problems: outcome.problems, location: options.store.location }, 'audit log disagrees with its checkpoint');
          } else if (outcome.kind === 'written') {
            options.logger?.debug({ id: outcome.checkpoint.id, location: options.store.location }, 'audit head checkpointed');
          }
        },
        (error: unknown) => options.logger?.warn({ err: error, location: options.store.location }, 'audit checkpoint failed'),
      );
  };
  round();
  const timer = setInterval(round, options.intervalMs ?? 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
