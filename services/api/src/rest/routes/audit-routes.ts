import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { authErrorResponses, inputErrorResponses, pageSchema } from '../schemas/common.js';
import { auditEntrySchema, auditVerificationSchema, listAuditQuerySchema } from '../schemas/audit-schemas.js';

const tags = ['audit'];

/** The audit log, for organisation admins. */
export function auditRoutes(rest: RestContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags,
          summary: 'Audit log entries, newest first (admin)',
          security: BEARER,
          querystring: listAuditQuerySchema,
          response: { 200: pageSchema(auditEntrySchema), ...inputErrorResponses },
        },
      },
      (request) => rest.services(request).listAudit(request.query),
    );

    app.get(
      '/audit/verify',
      {
        schema: {
          tags,
          summary: "Recompute the audit log's hash chain (admin)",
          security: BEARER,
          response: { 200: auditVerificationSchema, ...authErrorResponses },
        },
      },
      (request) => rest.services(request).verifyAudit({}),
    );
  };
}
