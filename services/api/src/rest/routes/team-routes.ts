import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { inputErrorResponses, pageSchema } from '../schemas/common.js';
import {
  blockerSchema,
  demoSchema,
  ideaSchema,
  listBlockersQuerySchema,
  listDemosQuerySchema,
  listIdeasQuerySchema,
  listStandupsQuerySchema,
  standupSchema,
} from '../schemas/team-schemas.js';

const tags = ['team'];

/** Standups, blockers, the idea ledger and demos. */
export function teamRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/standups',
      {
        schema: {
          tags,
          summary: 'Standups of the pods the token can see, newest day first',
          security: BEARER,
          querystring: listStandupsQuerySchema,
          response: { 200: pageSchema(standupSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listStandups(request.query),
    );
    app.get(
      '/blockers',
      {
        schema: {
          tags,
          summary: 'Blockers named in standups, most recent first',
          security: BEARER,
          querystring: listBlockersQuerySchema,
          response: { 200: pageSchema(blockerSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listBlockers(request.query),
    );
    app.get(
      '/ideas',
      {
        schema: {
          tags,
          summary: 'The idea ledger, highest ICE score first',
          security: BEARER,
          querystring: listIdeasQuerySchema,
          response: { 200: pageSchema(ideaSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listIdeas(request.query),
    );
    app.get(
      '/demos',
      {
        schema: {
          tags,
          summary: 'Demos, soonest first',
          security: BEARER,
          querystring: listDemosQuerySchema,
          response: { 200: pageSchema(demoSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listDemos(request.query),
    );
  };
}
