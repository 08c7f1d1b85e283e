import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../pagination.js';
import { pageQuerySchema, timestamp } from './common.js';

const mode = z.enum(['outbox', 'sqs']).describe('outbox: EVENT_BUS=local, dead rows of the event log; sqs: EVENT_BUS=eventbridge, the SQS dead-letter queues');

/** A dead outbox event. */
export const deadEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  source: z.string(),
  occurredAt: timestamp,
  deliveryId: z.string(),
  attempts: z.number().int().describe('Delivery attempts before it was parked'),
  lastError: z.string().nullable().describe('Why the last attempt failed'),
});

/** A dead-letter queue of the EventBridge topology. */
export const deadLetterQueueSchema = z.object({
  dlqUrl: z.string(),
  sourceUrl: z.string().describe('The queue its messages are redriven into'),
  approximateMessages: z.number().int(),
});

export const listDeadEventsQuerySchema = pageQuerySchema;

/** Answer of GET /api/events/dead. */
export const deadEventsPageSchema = z.object({
  mode,
  items: z.array(deadEventSchema).describe('Dead outbox events, oldest first (empty in sqs mode)'),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  queues: z.array(deadLetterQueueSchema).describe('Dead-letter queues and their depth (empty in outbox mode)'),
});

/** Body of POST /api/events/dead/requeue: chosen events, or all of them said out loud. */
export const requeueBodySchema = z
  .object({
    ids: z
      .array(z.uuid({ error: 'must be an event id (a UUID)' }))
      .min(1, 'must list at least one event id')
      .max(MAX_PAGE_SIZE, `must list at most ${MAX_PAGE_SIZE} ids`)
      .optional()
      .describe('Event ids to requeue (outbox only)'),
    all: z.literal(true).optional().describe('Requeue every dead event (in sqs mode: every message of the dead-letter queues)'),
  })
  .strict()
  .refine((b) => (b.ids !== undefined) !== (b.all === true), { message: 'give either ids or "all": true, not both and not neither' })
  // The published schema states the rule too: exactly one of the two properties.
  .meta({ minProperties: 1, maxProperties: 1 });

/** Answer of POST /api/events/dead/requeue. */
export const requeueResultSchema = z.object({
  mode,
  requeued: z.number().int().describe('Events put back in line (outbox) or messages moved back to their queue (sqs)'),
  ids: z.array(z.string()).describe('Outbox: the ids requeued; ids that were not dead are left out'),
  queues: z.array(z.object({ dlqUrl: z.string(), sourceUrl: z.string(), moved: z.number().int() })),
});
