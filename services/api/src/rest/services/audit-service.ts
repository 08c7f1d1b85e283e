import { checkAuditCheckpoint, verifyAuditChain } from '@clos/platform';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, pageOf, type Page } from '../pagination.js';
import type { auditEntrySchema, auditVerificationSchema, listAuditQuerySchema } from '../schemas/audit-schemas.js';
import type { ServiceDependencies } from './service-context.js';

type AuditEntryDto = z.output<typeof auditEntrySchema>;

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  source_ip: string | null;
  prev_hash: string;
  hash: string;
}

/** Reading and checking the audit log. */
export function auditService(deps: ServiceDependencies) {
  return {
    /** Entries, newest first, filtered by actor, action (or action prefix), target and time. */
    async listAudit(_ctx: CallContext, input: z.output<typeof listAuditQuerySchema>): Promise<Page<AuditEntryDto>> {
      const values: unknown[] = [input.limit + 1];
      const where: string[] = ['TRUE'];
      const add = (sql: (n: number) => string, value: unknown) => {
        values.push(value);
        where.push(sql(values.length));
      };
      if (input.actor !== undefined) add((n) => `actor = $${n}`, input.actor);
      if (input.action !== undefined) {
        if (input.action.endsWith('.')) add((n) => `starts_with(action, $${n})`, input.action);
        else add((n) => `action = $${n}`, input.action);
      }
      if (input.target !== undefined) add((n) => `target = $${n}`, input.target);
      if (input.correlationId !== undefined) add((n) => `details->>'correlationId' = $${n}`, input.correlationId);
      if (input.from !== undefined) add((n) => `at >= $${n}::timestamptz`, input.from);
      if (input.to !== undefined) add((n) => `at < $${n}::timestamptz`, input.to);
      if (input.cursor !== undefined) {
        const [before] = decodeCursor('audit', input.cursor, z.tuple([z.string().regex(/^\d+$/)]));
        add((n) => `id < $${n}::bigint`, before);
      }
      const { rows } = await deps.pool.query<AuditRow>(
        `SELECT id, at, actor, action, target, details, host(source_ip) AS source_ip, prev_hash, hash
         FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'audit', (r) => [r.id], (r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: r.details,
        sourceIp: r.source_ip,
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
    },

    /**
     * Recomputes the (keyed) hash chain and compares its head with the checkpoint kept outside
     * the database: intact, or the rows that were changed and a tail that was cut off.
     */
    async verifyAudit(_ctx: CallContext, _input: Record<string, never>): Promise<z.output<typeof auditVerificationSchema>> {
      const chain = await verifyAuditChain(deps.pool);
      const anchored = deps.auditCheckpoints === undefined ? undefined : await checkAuditCheckpoint(deps.pool, deps.auditCheckpoints);
      const problems = [...chain, ...(anchored?.problems ?? [])];
      return {
        intact: problems.length === 0,
        problems,
        checkpoint:
          anchored?.checkpoint === undefined ? null : { ...anchored.checkpoint, location: anchored.location },
      };
    },
  };
}
