import { z } from 'zod';
import { idSchema, listQuery, pageQuerySchema, timeRangeQuery, timestamp } from './common.js';

const source = z.enum(['github', 'linear', 'slack', 'clos', 'schedule', 'api']);

/** A domain event of the log, in the envelope used everywhere. */
export const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  source,
  occurredAt: timestamp,
  receivedAt: timestamp,
  deliveryId: z.string(),
  correlationId: z.string(),
  subject: z.object({
    podId: z.string().optional(),
    projectId: z.string().optional(),
    workItemId: z.string().optional(),
    personId: z.string().optional(),
  }),
  payload: z.unknown().optional().describe('The event\'s own data: only with include=payload'),
});

export const listEventsQuerySchema = pageQuerySchema
  .extend({
    pod: idSchema.optional().describe('Only events of this pod'),
    project: idSchema.optional().describe('Only events of this project'),
    workItem: z.string().min(1).max(300).optional().describe('Only events of this work item'),
    type: listQuery('[a-z_]+(?:\\.[a-z_]+)+', 'must be an event type such as pr.opened')
      .optional()
      .describe('Only these event types: repeat the parameter or separate with commas'),
    source: source.optional(),
    include: z
      .enum(['payload'])
      .optional()
      .describe('include=payload adds each event\'s payload; listings leave it out by default, as most readers only need the envelope'),
    ...timeRangeQuery.shape,
  });
