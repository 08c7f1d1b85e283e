import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { peerAddress } from '../net/client-address.js';
import type { ApiMetrics } from './api-metrics.js';
import { CORRELATION_HEADER } from './correlation-id.js';

/** Who may scrape `GET /metrics`. */
export interface ScrapeOptions {
  /** The bearer token a scraper must send (METRICS_TOKEN); without it only a loopback peer may scrape. */
  scrapeToken?: string;
}

/**
 * Request metrics and `GET /metrics` for Prometheus, plus the correlation id echoed on
 * every answer. Registered on the root instance (it does not encapsulate), ahead of the
 * routes, so every route of the api is measured. The metrics name pods and show traffic:
 * a scraper proves itself with the scrape token, or (none configured) connects from this
 * machine; everyone else gets 401.
 */
export function observability(metrics: ApiMetrics, scrape: ScrapeOptions = {}) {
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
      app.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (request, reply) => {
        if (!mayScrape(request, scrape.scrapeToken)) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="clos-metrics"')
            .send({ error: { code: 'Unauthorized', message: 'GET /metrics needs the scrape token (METRICS_TOKEN) as a bearer token' } });
        }
        const body = await metrics.registry.metrics();
        return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(body);
      });
    },
    { name: 'clos-observability', fastify: '5.x' },
  );
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function mayScrape(request: FastifyRequest, token: string | undefined): boolean {
  if (token === undefined) {
    // The TCP peer, not X-Forwarded-For: behind a load balancer no scraper is local.
    const peer = peerAddress(request);
    return peer !== undefined && LOOPBACK.has(peer);
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (match === null) return false;
  // Hashes have equal lengths, so the compare is constant-time whatever was sent.
  const sent = createHash('sha256').update(match[1]!).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(sent, expected);
}
