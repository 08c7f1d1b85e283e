import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses, pageSchema } from '../schemas/common.js';
import { listPeopleQuerySchema, personParamsSchema, personSchema } from '../schemas/people-schemas.js';

const tags = ['people'];

/** People of the organisation. */
export function peopleRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/people',
      {
        schema: {
          tags,
          summary: 'List people in the pods the token can see',
          security: BEARER,
          querystring: listPeopleQuerySchema,
          response: { 200: pageSchema(personSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listPeople(request.query),
    );

    app.get(
      '/people/:personId',
      {
        schema: {
          tags,
          summary: 'A person and their memberships',
          security: BEARER,
          params: personParamsSchema,
          response: { 200: personSchema, ...inputErrorResponses, 404: errorBodySchema.describe('No such person in a pod the token sees') },
        },
      },
      (request) => rest.services(request).getPerson(request.params),
    );
  };
}
