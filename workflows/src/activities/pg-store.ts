import { upsertWorkItem, withTransaction } from '@clos/platform';
import type { Pool } from 'pg';
import { keyToUuid } from './key-to-uuid.js';
import type { RecordStore } from './ports.js';
import type {
  AuditRecord,
  EventRecord,
  EvidenceRecord,
  ProjectStageRecord,
  StageTransitionRecord,
  WorkItemRecord,
} from './types.js';

/** The lock the audit log's chain trigger takes; holding it first makes check-then-insert atomic. */
const AUDIT_LOCK = 'clos.audit_log';

/**
 * The record in Postgres (tables of database/migrations). Row ids of events, transitions
 * and evidence derive from the idempotency key (`keyToUuid`), so a retried insert meets the
 * primary key; the append-only audit log carries the key in `details.idempotencyKey` and is
 * checked under the chain's lock (the same lock its insert trigger takes). A pod or project that is not (yet) in the record is left
 * out of work items rather than failing them; transitions and evidence need their project.
 */
export function createPgRecordStore(pool: Pool): RecordStore {
  return {
    upsertWorkItem: (item: WorkItemRecord) => upsertWorkItem(pool, item),

    async appendEvent(event: EventRecord): Promise<boolean> {
      // Written as already processed: the event log shares its table with the local bus's
      // outbox, and these facts are for readers, not for the consumer.
      const result = await pool.query(
        `INSERT INTO events
           (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status, processed_at)
         VALUES ($1, $2, 'clos', $3, now(), $4, $5, $6, $7, 'done', now())
         ON CONFLICT (id) DO NOTHING`,
        [keyToUuid(event.key), event.type, event.occurredAt, event.key, event.correlationId ?? event.key, event.subject, event.payload],
      );
      return (result.rowCount ?? 0) > 0;
    },

    async hasEvent(key: string): Promise<boolean> {
      const result = await pool.query('SELECT 1 FROM events WHERE id = $1', [keyToUuid(key)]);
      return (result.rowCount ?? 0) > 0;
    },

    async appendAudit(entry: AuditRecord): Promise<boolean> {
      return withTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [AUDIT_LOCK]);
        // Retries come within hours; a day bounds the look-back to the (action, at) index.
        const existing = await client.query(
          `SELECT 1 FROM audit_log
            WHERE action = $1 AND at >= clock_timestamp() - interval '1 day' AND details ->> 'idempotencyKey' = $2`,
          [entry.action, entry.key],
        );
        if ((existing.rowCount ?? 0) > 0) return false;
        // The database stamps `at` itself; when it happened in the workflow goes in the details.
        await client.query(`INSERT INTO audit_log (actor, action, target, details) VALUES ($1, $2, $3, $4)`, [
          entry.actor,
          entry.action,
          entry.target ?? null,
          { ...entry.details, occurredAt: entry.at, idempotencyKey: entry.key },
        ]);
        return true;
      });
    },

    async recordStageTransition(t: StageTransitionRecord): Promise<boolean> {
      const result = await pool.query(
        `INSERT INTO stage_transitions (id, project_id, from_stage, to_stage, kind, actor, reason, details, at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
         WHERE EXISTS (SELECT 1 FROM projects WHERE id = $2)
         ON CONFLICT (id) DO NOTHING`,
        [keyToUuid(t.key), t.projectId, t.from, t.to, t.kind, t.actor ?? null, t.reason ?? null, t.details, t.at],
      );
      return (result.rowCount ?? 0) > 0;
    },

    async recordEvidence(e: EvidenceRecord): Promise<boolean> {
      const result = await pool.query(
        `INSERT INTO evidence (id, project_id, stage_id, criterion_id, submitted_by, role, value, submitted_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8
         WHERE EXISTS (SELECT 1 FROM projects WHERE id = $2)
         ON CONFLICT (id) DO NOTHING`,
        [keyToUuid(e.key), e.projectId, e.stageId, e.criterionId, e.by, e.role ?? null, e.value, e.at],
      );
      return (result.rowCount ?? 0) > 0;
    },

    async updateProjectStage(p: ProjectStageRecord): Promise<boolean> {
      const result = await pool.query(
        `UPDATE projects
            SET current_stage = $2, stage_entered_at = COALESCE($3, stage_entered_at), status = $4
          WHERE id = $1`,
        [p.projectId, p.stageId, p.enteredAt ?? null, p.status],
      );
      return (result.rowCount ?? 0) > 0;
    },
  };
}
