import { outboxDeadLetters } from '@clos/platform';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, encodeCursor } from '../pagination.js';
import type { deadEventsPageSchema, listDeadEventsQuerySchema, requeueBodySchema, requeueResultSchema } from '../schemas/dead-event-schemas.js';
import type { ServiceDependencies } from './service-context.js';

type DeadEventsPage = z.output<typeof deadEventsPageSchema>;
type RequeueResult = z.output<typeof requeueResultSchema>;

/**
 * Dead events: those the bus gave up delivering (the outbox's dead rows, or the SQS
 * dead-letter queues), listed, and brought back once what killed them is fixed.
 */
export function deadEventsService(deps: ServiceDependencies) {
  const deadLetters = deps.deadLetters ?? outboxDeadLetters(deps.pool);
  return {
    /** What is dead, oldest first. */
    async listDeadEvents(_ctx: CallContext, input: z.output<typeof listDeadEventsQuerySchema>): Promise<DeadEventsPage> {
      const afterSeq = input.cursor === undefined ? undefined : decodeCursor('dead-events', input.cursor, z.tuple([z.string().regex(/^\d+$/)]))[0];
      const listing = await deadLetters.list({ limit: input.limit + 1, ...(afterSeq !== undefined ? { afterSeq } : {}) });
      const page = listing.events.slice(0, input.limit);
      const last = page.at(-1);
      return {
        mode: listing.mode,
        items: page.map(({ seq: _seq, ...event }) => event),
        nextCursor: listing.events.length > input.limit && last !== undefined ? encodeCursor('dead-events', [last.seq]) : null,
        queues: listing.queues,
      };
    },

    /** Puts dead events back on the bus: the ones named, or all. */
    async requeueDeadEvents(_ctx: CallContext, input: z.output<typeof requeueBodySchema>): Promise<RequeueResult> {
      const result = await deadLetters.requeue(input.ids !== undefined ? { ids: input.ids } : {});
      return { mode: result.mode, requeued: result.requeued, ids: result.ids, queues: result.queues };
    },
  };
}
