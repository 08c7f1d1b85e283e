import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses } from '../schemas/common.js';
import {
  leadershipProjectSchema,
  listProjectsQuerySchema,
  projectBodySchema,
  projectCompleteBodySchema,
  projectKillBodySchema,
  projectStatusBodySchema,
  uuidParams,
} from '../schemas/leadership-schemas.js';

const tags = ['leadership: projects'];
const params = uuidParams('projectId');
const errors = { ...inputErrorResponses, 404: errorBodySchema.describe('You have no such project'), 409: errorBodySchema.describe('Already completed or killed') };

/** Leadership projects of the person the token acts for: deadline against estimate at completion. */
export function leadershipProjectRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/leadership/projects',
      { schema: { tags, summary: 'Start a leadership project with its success criteria, real deadline and estimate at completion', security: BEARER, body: projectBodySchema, response: { 201: leadershipProjectSchema, ...inputErrorResponses } } },
      async (request, reply) => reply.code(201).send(await rest.services(request).addLeadershipProject(request.body)),
    );
    app.get(
      '/leadership/projects',
      { schema: { tags, summary: 'Your leadership projects by deadline (active: neither completed nor killed)', security: BEARER, querystring: listProjectsQuerySchema, response: { 200: z.object({ items: z.array(leadershipProjectSchema) }), ...inputErrorResponses } } },
      (request) => rest.services(request).listLeadershipProjects(request.query),
    );
    app.post(
      '/leadership/projects/:projectId/status',
      { schema: { tags, summary: "Set a project's status (and a new estimate at completion)", security: BEARER, params, body: projectStatusBodySchema, response: { 200: leadershipProjectSchema, ...errors } } },
      (request) => rest.services(request).updateLeadershipProject({ projectId: String(request.params.projectId), ...request.body }),
    );
    app.post(
      '/leadership/projects/:projectId/complete',
      { schema: { tags, summary: 'Complete a project (early: before its deadline)', security: BEARER, params, body: projectCompleteBodySchema, response: { 200: leadershipProjectSchema, ...errors } } },
      (request) => rest.services(request).completeLeadershipProject({ projectId: String(request.params.projectId), ...request.body }),
    );
    app.post(
      '/leadership/projects/:projectId/kill',
      { schema: { tags, summary: 'Kill a project, saying why', security: BEARER, params, body: projectKillBodySchema, response: { 200: leadershipProjectSchema, ...errors } } },
      (request) => rest.services(request).killLeadershipProject({ projectId: String(request.params.projectId), ...request.body }),
    );
  };
}
