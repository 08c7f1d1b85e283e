import { DIGEST_KINDS } from '@clos/domain';
import { z } from 'zod';
import { timestamp } from './common.js';

const kind = z.enum(DIGEST_KINDS, { error: `kind must be one of ${DIGEST_KINDS.join(', ')}` });

/** Body of POST /api/digests. */
export const runDigestBodySchema = z
  .strictObject({
    personId: z.string().min(1, 'personId is required').max(200).describe('The person (id, GitHub login or Slack id)'),
    kind,
  })
  .describe('Whose digest to deliver now, and which');

/** Query of GET /api/digests. */
export const listDigestsQuerySchema = z.strictObject({
  personId: z.string().min(1).max(200).optional(),
  kind: kind.optional(),
  limit: z.coerce.number().int('limit must be a whole number').min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').optional(),
});

/** A digest as listed: what was sent, by which writer, at what cost. */
export const digestSummarySchema = z.object({
  id: z.string(),
  personId: z.string(),
  kind,
  localDay: z.string().describe('The person\'s local day, YYYY-MM-DD'),
  timezone: z.string(),
  trigger: z.enum(['schedule', 'on-demand']),
  status: z.enum(['claimed', 'written', 'sent', 'failed', 'skipped']),
  writer: z.enum(['anthropic', 'openai', 'template']).nullable().describe('Who wrote it: a model, or the deterministic template'),
  model: z.string().nullable(),
  fallbackReason: z.string().nullable().describe('Why the template wrote it although a model is configured'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  headline: z.string().nullable(),
  claimedAt: timestamp,
  sentAt: timestamp.nullable(),
  error: z.string().nullable(),
});

/** Answer of POST /api/digests. */
export const digestRunSchema = z.object({
  status: z.enum(['sent', 'duplicate', 'skipped', 'failed']).describe('sent now; duplicate: already sent this local day; skipped: cannot be delivered (reason); failed: Slack refused after retries'),
  reason: z.string().optional(),
  digest: digestSummarySchema.optional(),
});
