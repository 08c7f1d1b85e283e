import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { inputErrorResponses } from '../schemas/common.js';
import { searchPageSchema, searchQuerySchema } from '../schemas/search-schemas.js';

/** Knowledge search. */
export function searchRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Search decisions, ideas, standups, blockers, evidence, demos, stage transitions and work items',
          description:
            'Postgres full-text search (`websearch_to_tsquery`: words, "a phrase", or, -not), ranked by relevance ' +
            'weighted by recency. Only records of the pods the token can see, and private notes of its own person.',
          security: BEARER,
          querystring: searchQuerySchema,
          response: { 200: searchPageSchema, ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).search(request.query),
    );
  };
}
