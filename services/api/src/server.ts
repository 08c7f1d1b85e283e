import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerHealthRoute, type HealthCheck } from './health.js';
import { explainRoutes, type ExplainDependencies } from './explain/index.js';
import { webhookRoutes, type WebhookDependencies } from './webhooks/index.js';
import { slackRoutes, type SlackBot } from './slack/index.js';
import { restApi, type RestDependencies } from './rest/index.js';
import { correlationIdOptions, observability, type ApiMetrics } from './metrics/index.js';
import { dashboardRoutes } from './dashboard/index.js';
import { USAGE_COUNTERS, usageCounter } from './usage/index.js';
import { redactUrl, trustProxyOption } from './net/index.js';
import { edgeRateLimits, type EdgeRateLimitOptions } from './rate-limit/index.js';

/** Everything the HTTP server needs; routes added later take their dependencies from here. */
export interface ServerDeps {
  /** A pino logger; fastify's default silent logger when omitted. */
  logger?: FastifyBaseLogger;
  /** The dependencies GET /healthz checks. */
  healthChecks: readonly HealthCheck[];
  /** Time each health check may take (default 2 s). */
  healthCheckTimeoutMs?: number;
  /** POST /webhooks/github and /webhooks/linear; not served when omitted. */
  webhooks?: WebhookDependencies;
  /** The pages commit statuses link to (GET /why/…); not served when omitted. */
  explain?: ExplainDependencies;
  /** POST /slack/events (commands, interactivity, events); not served when omitted. */
  slack?: SlackBot;
  /** The REST API under /api, /openapi.json and /docs; not served when omitted. */
  rest?: RestDependencies;
  /** GET /metrics and request metrics of every route; not served when omitted. */
  metrics?: ApiMetrics;
  /** Bearer token a scraper must send to GET /metrics (METRICS_TOKEN); without it only a loopback peer may scrape. */
  metricsToken?: string;
  /**
   * A built dashboard export (apps/dashboard/out) to serve at `/`, same origin as the api so
   * the browser session's cookies just work; not served when omitted. Api routes keep precedence.
   */
  dashboardDir?: string;
  /**
   * Proxies (IP addresses or CIDR ranges: the load balancer's subnets) whose
   * `X-Forwarded-For` names the client; none (default): the TCP peer is the client.
   */
  trustedProxies?: readonly string[];
  /** Rate limits per address on every route outside `/api`, shared through Postgres; none when omitted. */
  edgeRateLimits?: EdgeRateLimitOptions;
}

/**
 * Builds the api's fastify instance with every route registered, not yet
 * listening: `main.ts` listens; tests call `inject` or listen on port 0.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : {}),
    // Behind a load balancer in AWS: X-Forwarded-For counts only when the load balancer set
    // it; anyone else could write any address there and escape limits or forge the audit log.
    trustProxy: trustProxyOption(deps.trustedProxies),
    // Every log line of a request carries its correlation id (a webhook's is its events').
    ...correlationIdOptions(),
    // Above every path parameter's documented maxLength, so an over-long one is refused by
    // validation (400, as /openapi.json says) rather than by the router (an undocumented 414).
    routerOptions: { maxParamLength: 2048 },
    // A "__proto__" key (or "constructor" holding "prototype") in a JSON body is dropped, not
    // refused: no schema names such a property, so the request is as valid as it was without
    // it, and dropping keeps the prototype as safe as refusing would.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // Login links and OAuth codes travel in /auth query strings: they must not reach the log.
    childLoggerFactory: (logger, bindings, options) =>
      logger.child(bindings, { ...options, serializers: { ...options.serializers, req: serializeRequest } }),
  }) as unknown as FastifyInstance;
  // Ahead of every route, /metrics included: hooks apply to routes registered after them.
  if (deps.edgeRateLimits) await app.register(edgeRateLimits(deps.edgeRateLimits));
  if (deps.metrics) await app.register(observability(deps.metrics, deps.metricsToken !== undefined ? { scrapeToken: deps.metricsToken } : {}));
  registerHealthRoute(app, {
    checks: deps.healthChecks,
    ...(deps.healthCheckTimeoutMs !== undefined ? { timeoutMs: deps.healthCheckTimeoutMs } : {}),
  });
  if (deps.webhooks) await app.register(webhookRoutes(deps.webhooks));
  if (deps.explain) await app.register(explainRoutes(deps.explain));
  if (deps.slack) await app.register(slackRoutes(deps.slack));
  if (deps.rest) await app.register(restApi(deps.rest));
  if (deps.dashboardDir !== undefined) {
    const pool = deps.rest?.pool;
    const onPageView = pool && usageCounter(pool, USAGE_COUNTERS.dashboardView, (error) => app.log.warn({ err: error }, 'could not count a dashboard view'));
    await app.register(dashboardRoutes(deps.dashboardDir, onPageView ? { onPageView } : {}));
  }
  return app;
}

function serializeRequest(request: { method: string; url: string; ip?: string }): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), ...(request.ip !== undefined ? { remoteAddress: request.ip } : {}) };
}
