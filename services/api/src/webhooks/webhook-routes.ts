import type { FastifyInstance } from 'fastify';
import { toHttpError } from '@clos/platform';
import { registerGithubWebhook } from './github-webhook-route.js';
import { registerLinearWebhook } from './linear-webhook-route.js';
import { keepRawBodies } from './raw-body.js';
import type { WebhookDependencies } from './webhook-dependencies.js';

/**
 * The webhook receivers, as an encapsulated fastify plugin: raw-body parsing and the error
 * answer apply to these routes only. Every failure becomes a coded 4xx/503 body — a vendor
 * sending us garbage must never see a 500.
 */
export function webhookRoutes(deps: WebhookDependencies) {
  return async function webhooks(scope: FastifyInstance): Promise<void> {
    keepRawBodies(scope);
    scope.setErrorHandler((error, request, reply) => {
      const answer = toHttpError(error);
      if (answer.status < 500) {
        request.log.info({ status: answer.status, code: answer.body.error.code, message: answer.body.error.message }, 'webhook: refused');
        return reply.code(answer.status).send(answer.body);
      }
      // Whatever broke is on our side and may heal: 503 asks the sender to deliver again.
      deps.logger?.error({ err: error, url: request.url }, 'webhook: failed');
      const body = answer.status === 503 ? answer.body : { error: { code: 'Unavailable', message: 'temporarily unable to accept the delivery; deliver again later' } };
      return reply.code(503).send(body);
    });
    registerGithubWebhook(scope, deps);
    registerLinearWebhook(scope, deps);
  };
}
