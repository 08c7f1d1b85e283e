import { z } from 'zod';
import type { RecordedEventType } from './event-types.js';

const nonEmpty = z.string().min(1);
const itemIds = z.array(nonEmpty);
const at = z.string().min(1);

const slotPayload = z.object({ lane: z.enum(['regular', 'expedite']) });

const stageRefusalPayload = z.object({
  stageId: nonEmpty,
  by: nonEmpty,
  failedRequests: z.number().int().nonnegative(),
  /** Criterion ids still unmet. */
  missing: z.array(nonEmpty),
});

/** What the pod circuit breaker decided after a health scan (docs/health-score.md). */
const breakerPayload = z.object({
  reason: nonEmpty,
  failing: z.array(nonEmpty),
  score: z.number().int().min(0).max(100),
  /** The pod workflow's limit before and after the change. */
  limitBefore: z.number().int().positive(),
  limit: z.number().int().positive(),
});

const stageMovePayload = z.object({ from: nonEmpty, to: nonEmpty, actor: nonEmpty, reason: z.string().optional() });

/**
 * The payload of every event type the enforcement workflows record. Like the ingested
 * catalogue, unknown keys are stripped rather than refused, so a reader one release behind
 * still reads what a newer worker wrote.
 */
export const recordedPayloadSchemas = {
  'wip.granted': slotPayload,
  'wip.promoted': slotPayload,
  'wip.queued': z.object({ position: z.number().int().positive(), reason: nonEmpty, holders: itemIds }),
  'wip.released': z.object({ reason: nonEmpty, promoted: itemIds }),
  'wip.draft': z.object({}),
  'wip.policy_changed': z.object({
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
    actor: nonEmpty,
    reason: z.string(),
  }),
  'stage.started': z.object({ stageId: nonEmpty }),
  'stage.advanced': stageMovePayload,
  'stage.overridden': stageMovePayload,
  'stage.advance_refused': stageRefusalPayload,
  'stage.escalated': stageRefusalPayload,
  'stage.resumed': z.object({ stageId: nonEmpty, by: nonEmpty }),
  'stage.time_limit_exceeded': z.object({ stageId: nonEmpty, enteredAt: at, deadline: at }),
  'stage.evidence_submitted': z.object({ stageId: nonEmpty, criterionId: nonEmpty }),
  'linear.comment_created': z.object({ identifier: nonEmpty, commentId: nonEmpty }),
  'health.breaker_tripped': breakerPayload,
  'health.breaker_recovered': breakerPayload,
} as const satisfies Record<RecordedEventType, z.ZodType>;
