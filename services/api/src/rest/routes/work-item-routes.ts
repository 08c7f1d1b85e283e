import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses, pageSchema } from '../schemas/common.js';
import { listWorkItemsQuerySchema, workItemParamsSchema, workItemSchema } from '../schemas/work-item-schemas.js';

const tags = ['work items'];

/** Work items: pull requests and Linear issues. */
export function workItemRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/work-items',
      {
        schema: {
          tags,
          summary: 'List work items of the pods the token can see',
          security: BEARER,
          querystring: listWorkItemsQuerySchema,
          response: { 200: pageSchema(workItemSchema), ...inputErrorResponses, 404: errorBodySchema.describe('No such project') },
        },
      },
      (request) => rest.services(request).listWorkItems(request.query),
    );

    app.get(
      '/work-items/:workItemId',
      {
        schema: {
          tags,
          summary: 'A work item and what it is linked to',
          security: BEARER,
          params: workItemParamsSchema,
          response: { 200: workItemSchema, ...inputErrorResponses, 404: errorBodySchema.describe('No such work item in a pod the token sees') },
        },
      },
      (request) => rest.services(request).getWorkItem(request.params),
    );
  };
}
