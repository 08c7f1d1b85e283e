import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiMetrics } from './api-metrics.js';
import { CORRELATION_HEADER } from './correlation-id.js';

/**
 * Request metrics and `GET /metrics` for Prometheus, plus the correlation id echoed on
 * every answer. Registered on the root instance (it does not encapsulate), ahead of the
 * routes, so every route of the api is measured.
 */
export function observability(metrics: ApiMetrics) {
  return fp(
    async function observe(app: FastifyInstance): Promise<void> {
      app.addHook('onRequest', async (request, reply) => {
        reply.header(CORRELATION_HEADER, request.id);
      });
      app.addHook('onResponse', async (request, reply) => {
        // The route template, not the URL: /api/pods/{podId} is one series, not one per pod.
        const route = request.routeOptions.url ?? 'unmatched';
        metrics.requestDuration.observe(
          { method: request.method, route, status_code: String(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
      });
      app.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (_request, reply) => {
        const body = await metrics.registry.metrics();
        return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(body);
      });
    },
    { name: 'clos-observability', fastify: '5.x' },
  );
}
