import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../auth/session.js';
import { BEARER, type RestContext } from '../rest-context.js';
import { authErrorResponses, errorBodySchema, inputErrorResponses, pageSchema } from '../schemas/common.js';
import { createTokenBodySchema, issuedTokenSchema, listTokensQuerySchema, meSchema, tokenParamsSchema, tokenSchema } from '../schemas/token-schemas.js';

const tags = ['tokens'];

/** API tokens (admin), the calling token, and ending a browser session. */
export function tokenRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me',
      { schema: { tags, summary: 'The calling token: name and roles', security: BEARER, response: { 200: meSchema, ...authErrorResponses } } },
      (request) => rest.services(request).whoAmI({}),
    );

    app.delete(
      '/session',
      {
        schema: {
          tags,
          summary: 'End the calling browser session (log out)',
          description:
            'Ends the session the cookie names; `ended` says whether one was open. Called with an API token there is no session: ' +
            'the answer is `ended: false` and the token stays valid (revoke it with DELETE /api/tokens/{tokenId}).',
          security: BEARER,
          response: { 200: z.object({ ended: z.boolean() }), ...inputErrorResponses },
        },
      },
      async (request, reply) => {
        const result = await rest.services(request).endSession({});
        return reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' }).send(result);
      },
    );

    app.get(
      '/tokens',
      {
        schema: {
          tags,
          summary: 'List API tokens, newest first (admin)',
          security: BEARER,
          querystring: listTokensQuerySchema,
          response: { 200: pageSchema(tokenSchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listTokens(request.query),
    );

    app.post(
      '/tokens',
      {
        schema: {
          tags,
          summary: 'Issue an API token (admin); its secret is shown in this answer only',
          security: BEARER,
          body: createTokenBodySchema,
          response: { 201: issuedTokenSchema, ...inputErrorResponses },
        },
      },
      async (request, reply) => reply.code(201).header('cache-control', 'no-store').send(await rest.services(request).createToken(request.body)),
    );

    app.delete(
      '/tokens/:tokenId',
      {
        schema: {
          tags,
          summary: 'Revoke an API token at once (admin); revoking it again changes nothing',
          security: BEARER,
          params: tokenParamsSchema,
          response: { 200: tokenSchema, ...inputErrorResponses, 404: errorBodySchema.describe('No such token') },
        },
      },
      (request) => rest.services(request).revokeToken(request.params),
    );
  };
}
