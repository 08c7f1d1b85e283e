import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses, pageSchema } from '../schemas/common.js';
import {
  listPodsQuerySchema,
  podDetailSchema,
  podParamsSchema,
  podSchema,
  setPolicyBodySchema,
  setPolicyResultSchema,
  wipItemParamsSchema,
  wipStateSchema,
  workItemReleaseSchema,
  workItemSwarmSchema,
} from '../schemas/pod-schemas.js';

const tags = ['pods'];
const notFound = { 404: errorBodySchema.describe('No such pod') };
const unavailable = { 503: errorBodySchema.describe("The pod's workflow did not answer in time") };
const noHolder = { 404: errorBodySchema.describe('No such pod, or the work item holds no slot in it') };

/** Pods, their live WIP state and the lead's policy changes. */
export function podRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/pods',
      {
        schema: {
          tags,
          summary: 'List the pods the token can see',
          security: BEARER,
          querystring: listPodsQuerySchema,
          response: { 200: pageSchema(podSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listPods(request.query),
    );

    app.get(
      '/pods/:podId',
      {
        schema: {
          tags,
          summary: 'A pod with its members and projects',
          security: BEARER,
          params: podParamsSchema,
          response: { 200: podDetailSchema, ...inputErrorResponses, ...notFound },
        },
      },
      (request) => rest.services(request).getPod(request.params),
    );

    app.get(
      '/pods/:podId/wip',
      {
        schema: {
          tags,
          summary: "The pod's live WIP: policy, holders and queue",
          security: BEARER,
          params: podParamsSchema,
          response: { 200: wipStateSchema, ...inputErrorResponses, ...notFound, ...unavailable },
        },
      },
      (request) => rest.services(request).getWip(request.params),
    );

    app.put(
      '/pods/:podId/policy',
      {
        schema: {
          tags,
          summary: "Change the pod's WIP limit, per-person limit, expedite quota or mode (lead)",
          description:
            'Lowering the limit never evicts a holder; raising it promotes queued work at once. Recorded in the audit log with the reason.',
          security: BEARER,
          params: podParamsSchema,
          body: setPolicyBodySchema,
          response: { 200: setPolicyResultSchema, ...inputErrorResponses, ...notFound, ...unavailable },
        },
      },
      (request) => rest.services(request).setPodPolicy({ ...request.params, ...request.body }),
    );

    app.post(
      '/pods/:podId/wip/:itemId/release',
      {
        schema: {
          tags,
          summary: 'Free the slot a work item holds (lead)',
          description: 'For a stale holder: the queue moves up at once. Recorded in the audit log (wip.release).',
          security: BEARER,
          params: wipItemParamsSchema,
          response: { 200: workItemReleaseSchema, ...inputErrorResponses, ...noHolder, ...unavailable },
        },
      },
      (request) => rest.services(request).releaseWorkItem(request.params),
    );

    app.post(
      '/pods/:podId/wip/:itemId/release-own',
      {
        schema: {
          tags,
          summary: "Free the slot of the caller's own work item (any role in the pod)",
          description: 'The token must act for the person holding the slot; anyone else is refused with 403. Recorded in the audit log (wip.release).',
          security: BEARER,
          params: wipItemParamsSchema,
          response: { 200: workItemReleaseSchema, ...inputErrorResponses, ...noHolder, ...unavailable },
        },
      },
      (request) => rest.services(request).releaseOwnWorkItem(request.params),
    );

    app.post(
      '/pods/:podId/wip/:itemId/swarm',
      {
        schema: {
          tags,
          summary: 'Join the work on a held item so its slot frees sooner (member)',
          description: 'Changes nothing in the WIP state; recorded in the audit log (wip.swarm).',
          security: BEARER,
          params: wipItemParamsSchema,
          response: { 200: workItemSwarmSchema, ...inputErrorResponses, ...noHolder, ...unavailable },
        },
      },
      (request) => rest.services(request).swarmWorkItem(request.params),
    );
  };
}
