import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { errorBodySchema, inputErrorResponses } from '../schemas/common.js';
import { digestRunSchema, digestSummarySchema, listDigestsQuerySchema, runDigestBodySchema } from '../schemas/digest-schemas.js';

const tags = ['digests'];
const WHO = 'The person themself (a token or session acting for them) or a lead of one of their pods.';

/** Digests on demand and their record. */
export function digestRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/digests',
      {
        schema: {
          tags,
          summary: "Deliver a person's digest now (at most one per person, kind and local day)",
          description: WHO,
          security: BEARER,
          body: runDigestBodySchema,
          response: { 200: digestRunSchema, ...inputErrorResponses, 404: errorBodySchema.describe('No such person in clos.yml'), 503: errorBodySchema },
        },
      },
      (request) => rest.services(request).runDigest(request.body),
    );
    app.get(
      '/digests',
      {
        schema: {
          tags,
          summary: 'Digests sent: by which writer, at what cost',
          description: `Your own and those of the people in pods you lead (all for an organisation admin). With personId: ${WHO}`,
          security: BEARER,
          querystring: listDigestsQuerySchema,
          response: { 200: z.object({ items: z.array(digestSummarySchema) }), ...inputErrorResponses, 404: errorBodySchema },
        },
      },
      (request) => rest.services(request).listDigests(request.query),
    );
  };
}
