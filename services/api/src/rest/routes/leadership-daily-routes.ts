import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses } from '../schemas/common.js';
import {
  checkinBodySchema,
  checkinRangeQuerySchema,
  checkinSchema,
  completionBodySchema,
  dateParamsSchema,
  daySchema,
  missionBodySchema,
  paralysisBodySchema,
  paralysisSchema,
  reflectionBodySchema,
} from '../schemas/leadership-schemas.js';

const tags = ['leadership: daily'];
const PRIVATE = 'Private: only the person the token acts for (clos token create --person) reads or writes it; no role, admin included, reaches another person\'s.';
const noCheckin = { 404: errorBodySchema.describe('No check-in for that day yet') };

/** The daily rhythm of the person the token acts for. */
export function leadershipDailyRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/checkins',
      {
        schema: {
          tags,
          summary: "Record today's check-in (one per local day)",
          description: PRIVATE,
          security: BEARER,
          body: checkinBodySchema,
          response: { 201: checkinSchema, ...inputErrorResponses, 409: errorBodySchema.describe('Already checked in today'), 503: errorBodySchema },
        },
      },
      async (request, reply) => reply.code(201).send(await rest.services(request).checkIn(request.body)),
    );
    app.get(
      '/checkins',
      { schema: { tags, summary: 'Your check-ins between two dates (default the last 30 days)', description: PRIVATE, security: BEARER, querystring: checkinRangeQuerySchema, response: { 200: z.object({ items: z.array(checkinSchema) }), ...inputErrorResponses } } },
      (request) => rest.services(request).listCheckins(request.query),
    );
    app.get(
      '/checkins/:date',
      { schema: { tags, summary: 'Your check-in of one day', description: PRIVATE, security: BEARER, params: dateParamsSchema, response: { 200: checkinSchema, ...inputErrorResponses, ...noCheckin } } },
      (request) => rest.services(request).getCheckin(request.params),
    );
    app.get(
      '/today',
      { schema: { tags, summary: 'Your day: check-in, decisions due, health signals, circuit breaker', description: PRIVATE, security: BEARER, response: { 200: daySchema, ...inputErrorResponses } } },
      (request) => rest.services(request).showDay({}),
    );
    app.put(
      '/today/mission',
      { schema: { tags, summary: "Set today's mission", description: PRIVATE, security: BEARER, body: missionBodySchema, response: { 200: checkinSchema, ...inputErrorResponses, ...noCheckin } } },
      (request) => rest.services(request).setMission(request.body),
    );
    app.post(
      '/today/completion',
      { schema: { tags, summary: "How today's mission ended: delivered, delegated or live", description: PRIVATE, security: BEARER, body: completionBodySchema, response: { 200: checkinSchema, ...inputErrorResponses, ...noCheckin, 409: errorBodySchema.describe('Today has no mission to complete') } } },
      (request) => rest.services(request).completeMission(request.body),
    );
    app.put(
      '/today/reflection',
      { schema: { tags, summary: "Today's reflection", description: PRIVATE, security: BEARER, body: reflectionBodySchema, response: { 200: checkinSchema, ...inputErrorResponses, ...noCheckin } } },
      (request) => rest.services(request).reflect(request.body),
    );
    app.post(
      '/paralysis',
      {
        schema: {
          tags,
          summary: 'Record being stuck on a decision, and the fear behind it',
          description: PRIVATE,
          security: BEARER,
          body: paralysisBodySchema,
          response: { 201: paralysisSchema, ...inputErrorResponses, 404: errorBodySchema.describe('decisionId names no decision of yours') },
        },
      },
      async (request, reply) => reply.code(201).send(await rest.services(request).recordParalysis(request.body)),
    );
  };
}
