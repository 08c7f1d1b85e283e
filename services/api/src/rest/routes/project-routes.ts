import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, idSchema, inputErrorResponses, pageQuerySchema, pageSchema } from '../schemas/common.js';
import {
  evidenceAcceptedSchema,
  evidenceBodySchema,
  evidenceSchema,
  listProjectsQuerySchema,
  overrideBodySchema,
  projectParamsSchema,
  projectSchema,
  resumeBodySchema,
  stageMoveSchema,
  stageStateSchema,
  transitionSchema,
} from '../schemas/project-schemas.js';
import { specStateSchema } from '../schemas/spec-schemas.js';

const tags = ['projects'];
const notFound = { 404: errorBodySchema.describe('No such project') };
const unavailable = { 503: errorBodySchema.describe("The project's workflow did not answer in time") };
const conflict = { 409: errorBodySchema.describe('The gate is not met (details list what is missing), paused, or done') };

/** Projects, their stage, gate and history, and the moves people make on them. */
export function projectRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/projects',
      {
        schema: {
          tags,
          summary: 'List projects in the pods the token can see',
          security: BEARER,
          querystring: listProjectsQuerySchema,
          response: { 200: pageSchema(projectSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listProjects(request.query),
    );

    app.get(
      '/projects/:projectId',
      {
        schema: { tags, summary: 'A project', security: BEARER, params: projectParamsSchema, response: { 200: projectSchema, ...inputErrorResponses, ...notFound } },
      },
      (request) => rest.services(request).getProject(request.params),
    );

    app.get(
      '/projects/:projectId/stage',
      {
        schema: {
          tags,
          summary: "The project's live stage, gate criteria, evidence and transitions",
          security: BEARER,
          params: projectParamsSchema,
          response: { 200: stageStateSchema, ...inputErrorResponses, ...notFound, ...unavailable },
        },
      },
      (request) => rest.services(request).getStage(request.params),
    );

    app.get(
      '/projects/:projectId/spec',
      {
        schema: {
          tags,
          summary: "A spec-driven project's state: phase, documents, tasks.md progress with each [VERIFY] task's checks, attempts, escalation",
          security: BEARER,
          params: projectParamsSchema,
          response: {
            200: specStateSchema,
            ...inputErrorResponses,
            404: errorBodySchema.describe('No such project, or its template is not spec-driven'),
            ...unavailable,
          },
        },
      },
      (request) => rest.services(request).getSpec(request.params),
    );

    app.get(
      '/projects/:projectId/transitions',
      {
        schema: {
          tags,
          summary: "The project's recorded changes of stage, oldest first",
          security: BEARER,
          params: projectParamsSchema,
          querystring: pageQuerySchema,
          response: { 200: pageSchema(transitionSchema), ...inputErrorResponses, ...notFound },
        },
      },
      (request) => rest.services(request).listTransitions({ ...request.params, ...request.query }),
    );

    app.get(
      '/projects/:projectId/evidence',
      {
        schema: {
          tags,
          summary: 'Evidence recorded for the project, newest first',
          security: BEARER,
          params: projectParamsSchema,
          querystring: pageQuerySchema,
          response: { 200: pageSchema(evidenceSchema), ...inputErrorResponses, ...notFound },
        },
      },
      (request) => rest.services(request).listEvidence({ ...request.params, ...request.query }),
    );

    app.post(
      '/projects/:projectId/advance',
      {
        schema: {
          tags,
          summary: 'Ask the stage gate to let the project into its next stage (member)',
          description: 'Answers 409 GateNotMet listing the unmet criteria; the third refusal in a stage escalates to the lead and pauses the gate.',
          security: BEARER,
          params: projectParamsSchema,
          response: { 200: stageMoveSchema, ...inputErrorResponses, ...notFound, ...conflict, ...unavailable },
        },
      },
      (request) => rest.services(request).advanceProject(request.params),
    );

    app.post(
      '/projects/:projectId/override',
      {
        schema: {
          tags,
          summary: 'Move the project regardless of its gate (lead), with a reason',
          security: BEARER,
          params: projectParamsSchema,
          body: overrideBodySchema,
          response: { 200: stageMoveSchema, ...inputErrorResponses, ...notFound, ...conflict, ...unavailable },
        },
      },
      (request) => rest.services(request).overrideStage({ ...request.params, ...request.body }),
    );

    app.post(
      '/projects/:projectId/resume',
      {
        schema: {
          tags,
          summary: 'Un-pause a gate that escalated (lead)',
          security: BEARER,
          params: projectParamsSchema,
          body: resumeBodySchema.nullish(),
          response: { 200: stageMoveSchema, ...inputErrorResponses, ...notFound, ...unavailable },
        },
      },
      (request) => rest.services(request).resumeProject({ ...request.params, ...(request.body ?? {}) }),
    );

    app.post(
      '/projects/:projectId/evidence',
      {
        schema: {
          tags,
          summary: 'Submit evidence (a link or a text) for an evidence criterion (member)',
          security: BEARER,
          params: projectParamsSchema,
          body: evidenceBodySchema,
          response: { 202: evidenceAcceptedSchema, ...inputErrorResponses, ...notFound, ...unavailable },
        },
      },
      async (request, reply) => reply.code(202).send(await rest.services(request).submitEvidence({ ...request.params, ...request.body })),
    );

    app.post(
      '/projects/:projectId/signoff',
      {
        schema: {
          tags,
          summary: 'Sign the current (or named) stage off (member; counts toward lead sign-offs when a lead)',
          security: BEARER,
          params: projectParamsSchema,
          body: z.object({ stageId: idSchema.optional() }).strict().nullish(),
          response: {
            202: z.object({ projectId: z.string(), status: z.literal('accepted') }),
            ...inputErrorResponses,
            ...notFound,
            ...unavailable,
          },
        },
      },
      async (request, reply) => reply.code(202).send(await rest.services(request).signoffStage({ ...request.params, ...(request.body ?? {}) })),
    );
  };
}
