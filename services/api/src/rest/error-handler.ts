import { toHttpError } from '@clos/platform';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** Where in the request a field sits, as fastify names the parts. */
function fieldPath(context: string | undefined, instancePath: string): string {
  const part = context ?? 'request';
  const rest = instancePath.split('/').filter((s) => s !== '');
  return [part, ...rest].join('.');
}

/**
 * The REST API's error answer: always `{"error":{code,message,details}}`. Invalid input
 * is a 400 naming each field (`body.reason`, `querystring.limit`); coded errors keep
 * their status; anything unexpected is a 500 that says nothing of its cause but is
 * logged with it.
 */
export function restErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({ path: fieldPath(error.validationContext, v.instancePath), message: v.message ?? 'is invalid' }));
    return reply.code(400).send({
      error: {
        code: 'InvalidInput',
        message: `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        details: { issues },
      },
    });
  }
  if (typeof error === 'object' && error !== null && error.code === 'FST_ERR_RESPONSE_SERIALIZATION' && isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
  }
  const { status, body } = toHttpError(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.code(status).send(body);
}
