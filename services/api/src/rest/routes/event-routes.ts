import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses, pageSchema } from '../schemas/common.js';
import { eventSchema, listEventsQuerySchema } from '../schemas/event-schemas.js';

/** The event log. */
export function eventRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events',
      {
        schema: {
          tags: ['events'],
          summary: 'Events of the pods the token can see, newest first',
          description: 'Filter by pod, project, work item, type (several allowed), source and time range [from, to).',
          security: BEARER,
          querystring: listEventsQuerySchema,
          response: { 200: pageSchema(eventSchema), ...inputErrorResponses, 404: errorBodySchema.describe('No such project') },
        },
      },
      (request) => rest.services(request).listEvents(request.query),
    );
  };
}
