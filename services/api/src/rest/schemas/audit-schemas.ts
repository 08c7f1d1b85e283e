import { z } from 'zod';
import { pageQuerySchema, timeRangeQuery, timestamp } from './common.js';

/** An entry of the append-only, hash-chained audit log. */
export const auditEntrySchema = z.object({
  id: z.string(),
  at: timestamp,
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  sourceIp: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const listAuditQuerySchema = pageQuerySchema
  .extend({
    actor: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(200).optional().describe('An action, or a prefix ending in "." (auth.)'),
    target: z.string().min(1).max(300).optional(),
    correlationId: z.string().min(1).max(128).optional().describe("Only entries of this correlation id: one request's, or an agent's chain of calls"),
    ...timeRangeQuery.shape,
  });

/** Answer of GET /api/audit/verify. */
export const auditVerificationSchema = z.object({
  intact: z.boolean().describe('true when the chain verifies under the key and still holds the checkpointed head'),
  problems: z.array(z.object({ id: z.string(), problem: z.string(), expectedHash: z.string(), storedHash: z.string() })),
  checkpoint: z
    .object({ id: z.string(), hash: z.string(), at: timestamp, location: z.string() })
    .nullable()
    .describe('The head last anchored outside the database (a file locally, S3 under object lock in AWS); null before the first'),
});
