import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses } from '../schemas/common.js';
import { deadEventsPageSchema, listDeadEventsQuerySchema, requeueBodySchema, requeueResultSchema } from '../schemas/dead-event-schemas.js';

const tags = ['events'];

/** Events the bus gave up delivering, and bringing them back (organisation admin). */
export function deadEventRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events/dead',
      {
        schema: {
          tags,
          summary: 'Events the bus gave up delivering (admin)',
          description: 'Outbox mode lists the dead events, oldest first; eventbridge mode lists the SQS dead-letter queues and their depth.',
          security: BEARER,
          querystring: listDeadEventsQuerySchema,
          response: { 200: deadEventsPageSchema, ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listDeadEvents(request.query),
    );

    app.post(
      '/events/dead/requeue',
      {
        schema: {
          tags,
          summary: 'Put dead events back on the bus (admin; audited)',
          description:
            'Outbox mode: the events named by `ids`, or all with `"all": true`, become pending again with their attempts reset. ' +
            'Eventbridge mode (`"all": true` only): every message of the dead-letter queues moves back to the queue it came from. ' +
            'The processor dedupes by event id, so an event that did get through before is not applied twice.',
          security: BEARER,
          body: requeueBodySchema,
          response: {
            200: requeueResultSchema,
            ...inputErrorResponses,
            409: errorBodySchema.describe('A dead-letter queue has no single source queue to redrive into'),
            503: errorBodySchema.describe('SQS refused part of the move; what moved is in details'),
          },
        },
      },
      (request) => rest.services(request).requeueDeadEvents(request.body),
    );
  };
}
