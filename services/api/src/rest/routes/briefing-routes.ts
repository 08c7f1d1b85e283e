import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses } from '../schemas/common.js';
import { assessQuerySchema, assessmentSchema, metricsQuerySchema, metricsSummarySchema, planQuerySchema, planSchema } from '../schemas/briefing-schemas.js';

const tags = ['briefing'];

/** A person's plan for today, assessments of a pod or a person, and the success metrics. */
export function briefingRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/plan',
      {
        schema: {
          tags,
          summary: "The caller's plan for today: the facts a morning digest is written from",
          description:
            'Held and queued work items, teammates’ PRs waiting for a review, gates, open blockers, demos of the week and the ' +
            'pods’ WIP, plus the same as citable facts. For the person the token acts for, or `person` (a viewer of their pods).',
          security: BEARER,
          querystring: planQuerySchema,
          response: { 200: planSchema, ...inputErrorResponses, 404: errorBodySchema.describe('No such person') },
        },
      },
      (request) => rest.services(request).getPlan(request.query),
    );

    app.get(
      '/assess',
      {
        schema: {
          tags,
          summary: 'An assessment of a pod or a person over a period: flow, WIP age, blockers, gate progress, review load',
          description: 'Every statement carries the figures it rests on. Assesses `pod` when given, else `person` (default: the person the token acts for).',
          security: BEARER,
          querystring: assessQuerySchema,
          response: { 200: assessmentSchema, ...inputErrorResponses, 404: errorBodySchema.describe('No such pod or person') },
        },
      },
      (request) => rest.services(request).assess(request.query),
    );

    app.get(
      '/metrics',
      {
        schema: {
          tags,
          summary: 'The success metrics: stage cycle time, WIP violations and ideas evaluated per week, Slack commands and dashboard views per day',
          security: BEARER,
          querystring: metricsQuerySchema,
          response: { 200: metricsSummarySchema, ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).getMetricsSummary(request.query),
    );
  };
}
