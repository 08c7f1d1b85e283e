import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, idSchema, inputErrorResponses } from '../schemas/common.js';
import { archiveSchema, digestAnswerSchema, restoreBodySchema } from '../schemas/leadership-archive-schemas.js';
import {
  analysisParamsSchema,
  analysisSchema,
  breakerBodySchema,
  breakerCheckSchema,
  breakerSchema,
  focusBodySchema,
  periodQuerySchema,
  podLeadershipQuerySchema,
  podLeadershipSchema,
  reviewKindParamsSchema,
  reviewQuerySchema,
  reviewSchema,
} from '../schemas/leadership-schemas.js';

const tags = ['leadership: breaker, reviews, analytics, export'];
const conflict = { 409: errorBodySchema.describe('The breaker is already in that state') };

/** The personal circuit breaker, reviews, analytics, export/restore, and the pod's aggregates. */
export function leadershipInsightRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/emergency',
      { schema: { tags, summary: 'Your health signals, whether they warn, and the breaker if active', security: BEARER, response: { 200: breakerCheckSchema, ...inputErrorResponses } } },
      (request) => rest.services(request).checkBreaker({}),
    );
    app.post(
      '/emergency',
      { schema: { tags, summary: 'Activate the circuit breaker: simplified mode until deactivated', security: BEARER, body: breakerBodySchema, response: { 201: breakerSchema, ...inputErrorResponses, ...conflict } } },
      async (request, reply) => reply.code(201).send(await rest.services(request).activateBreaker(request.body)),
    );
    app.delete(
      '/emergency',
      { schema: { tags, summary: 'Deactivate the circuit breaker, recording the recovery', security: BEARER, response: { 200: breakerSchema, ...inputErrorResponses, ...conflict } } },
      (request) => rest.services(request).deactivateBreaker({}),
    );
    app.get(
      '/emergency/history',
      { schema: { tags, summary: 'Your circuit-breaker activations, newest first', security: BEARER, response: { 200: z.object({ items: z.array(breakerSchema) }), ...inputErrorResponses } } },
      (request) => rest.services(request).breakerHistory({ limit: 100 }),
    );
    app.get(
      '/reviews/:kind',
      { schema: { tags, summary: 'The weekly or monthly review holding a date (default today), computed now', security: BEARER, params: reviewKindParamsSchema, querystring: reviewQuerySchema, response: { 200: reviewSchema, ...inputErrorResponses } } },
      (request) => rest.services(request).getReview({ kind: request.params.kind, ...request.query }),
    );
    app.put(
      '/reviews/weekly/focus',
      { schema: { tags, summary: "This week's focus and secondary priorities", security: BEARER, body: focusBodySchema, response: { 200: reviewSchema, ...inputErrorResponses } } },
      (request) => rest.services(request).setWeeklyFocus(request.body),
    );
    app.get(
      '/analytics/:kind',
      { schema: { tags, summary: 'Pattern analytics over your records (no claim below a minimum sample)', security: BEARER, params: analysisParamsSchema, querystring: periodQuerySchema, response: { 200: analysisSchema, ...inputErrorResponses } } },
      (request) => rest.services(request).analyze({ kind: request.params.kind, ...request.query }),
    );
    app.get(
      '/leadership/export',
      { schema: { tags, summary: 'Your whole leadership record in plain text, with row counts and hashes', security: BEARER, response: { 200: archiveSchema, ...inputErrorResponses } } },
      (request) => rest.services(request).exportLeadership({}),
    );
    app.get(
      '/leadership/digest',
      { schema: { tags, summary: 'Row counts and hashes of your leadership record as stored', security: BEARER, response: { 200: digestAnswerSchema, ...inputErrorResponses } } },
      (request) => rest.services(request).leadershipDigest({}),
    );
    app.put(
      '/leadership/restore',
      { schema: { tags, summary: 'Replace your leadership record with an export of it; answers the verified digest', security: BEARER, body: restoreBodySchema, response: { 200: digestAnswerSchema, ...inputErrorResponses, 409: errorBodySchema.describe('The rows break a rule of the record (an id taken, two check-ins on a day) or do not read back as sent; nothing was changed') } } },
      (request) => rest.services(request).restoreLeadership(request.body),
    );
    app.get(
      '/pods/:podId/leadership',
      {
        schema: {
          tags,
          summary: "A pod's leadership rhythm as aggregates over at least 3 people (never a person's own record)",
          security: BEARER,
          params: z.object({ podId: idSchema }),
          querystring: podLeadershipQuerySchema,
          response: { 200: podLeadershipSchema, ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).podLeadership({ podId: request.params.podId, ...request.query }),
    );
  };
}
