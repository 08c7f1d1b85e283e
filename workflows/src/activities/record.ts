import type { ActivityLogger, RecordStore } from './ports.js';
import type { RecordEntry, RecordInput } from './types.js';

/**
 * Postgres refuses bad data with SQLSTATE class 22 (data exception) or 23 (integrity
 * constraint). Retrying cannot fix those, so the entry is logged and skipped rather than
 * blocking the facts queued behind it.
 */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

async function write(store: RecordStore, entry: RecordEntry): Promise<boolean> {
  switch (entry.kind) {
    case 'workItem':
      await store.upsertWorkItem(entry.item);
      return true;
    case 'event':
      return store.appendEvent(entry.event);
    case 'audit':
      return store.appendAudit(entry.audit);
    case 'stageTransition':
      return store.recordStageTransition(entry.transition);
    case 'evidence':
      return store.recordEvidence(entry.evidence);
    case 'projectStage':
      return store.updateProjectStage(entry.project);
  }
}

/** Writes the facts in order; each write is idempotent, so a retried batch changes nothing twice. */
export function recordActivity(deps: { store: RecordStore; logger: ActivityLogger }): (input: RecordInput) => Promise<void> {
  return async ({ entries }) => {
    for (const entry of entries) {
      try {
        const written = await write(deps.store, entry);
        if (!written && (entry.kind === 'stageTransition' || entry.kind === 'evidence' || entry.kind === 'projectStage')) {
          deps.logger.info({ kind: entry.kind }, 'record entry already present or its project is not in the record');
        }
      } catch (error) {
        if (!isDataError(error)) throw error;
        deps.logger.warn({ kind: entry.kind, entry, error: String(error) }, 'record entry refused by the database; skipped');
      }
    }
  };
}
