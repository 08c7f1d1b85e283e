import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses } from '../schemas/common.js';
import {
  decideBodySchema,
  decisionBodySchema,
  decisionSchema,
  delegationBodySchema,
  delegationOutcomeBodySchema,
  delegationSchema,
  listDecisionsQuerySchema,
  uuidParams,
} from '../schemas/leadership-schemas.js';

const tags = ['leadership: decisions and delegations'];
const notFoundOrDone = { 404: errorBodySchema.describe('You have no such record'), 409: errorBodySchema.describe('Already closed') };

/** The decision log (48-hour target) and delegations of the person the token acts for. */
export function leadershipDecisionRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/decisions',
      { schema: { tags, summary: 'Log a decision to make (the 48-hour clock starts)', security: BEARER, body: decisionBodySchema, response: { 201: decisionSchema, ...inputErrorResponses } } },
      async (request, reply) => reply.code(201).send(await rest.services(request).addDecision(request.body)),
    );
    app.post(
      '/decisions/:decisionId/decide',
      { schema: { tags, summary: 'Record the decision, its rationale and who was told', security: BEARER, params: uuidParams('decisionId'), body: decideBodySchema, response: { 200: decisionSchema, ...inputErrorResponses, ...notFoundOrDone } } },
      (request) => rest.services(request).decideDecision({ decisionId: String(request.params.decisionId), ...request.body }),
    );
    app.get(
      '/decisions',
      { schema: { tags, summary: 'Your decisions, newest first (overdue: open past 48 h)', security: BEARER, querystring: listDecisionsQuerySchema, response: { 200: z.object({ items: z.array(decisionSchema) }), ...inputErrorResponses } } },
      (request) => rest.services(request).listDecisions(request.query),
    );
    app.post(
      '/delegations',
      { schema: { tags, summary: 'Hand a task to someone, with how strongly you want to keep control (1-10)', security: BEARER, body: delegationBodySchema, response: { 201: delegationSchema, ...inputErrorResponses } } },
      async (request, reply) => reply.code(201).send(await rest.services(request).addDelegation(request.body)),
    );
    app.post(
      '/delegations/:delegationId/outcome',
      { schema: { tags, summary: 'How a delegation ended: owned, re_engaged or boomeranged', security: BEARER, params: uuidParams('delegationId'), body: delegationOutcomeBodySchema, response: { 200: delegationSchema, ...inputErrorResponses, ...notFoundOrDone } } },
      (request) => rest.services(request).closeDelegation({ delegationId: String(request.params.delegationId), ...request.body }),
    );
    app.get(
      '/delegations',
      { schema: { tags, summary: 'Your delegations, newest first', security: BEARER, querystring: z.object({ limit: listDecisionsQuerySchema.shape.limit }), response: { 200: z.object({ items: z.array(delegationSchema) }), ...inputErrorResponses } } },
      (request) => rest.services(request).listDelegations(request.query),
    );
  };
}
