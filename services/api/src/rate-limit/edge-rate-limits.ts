import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { callerByAddress, createSharedRateLimiter, type RateLimitRule, type SharedRateLimitOptions } from './shared-rate-limit.js';

/** The routes outside `/api` a stranger can reach, each with a budget per address. */
export const EDGE_BUCKETS = ['webhooks', 'slack', 'auth', 'explain', 'metrics', 'pages'] as const;

/** A bucket of {@link EDGE_BUCKETS}. */
export type EdgeBucket = (typeof EDGE_BUCKETS)[number];

/**
 * Budgets per address and minute. Webhooks and Slack come from a few vendor addresses
 * carrying a whole organisation's traffic, so theirs are wide; sign-in is where guessing
 * pays, so it is narrow.
 */
export const DEFAULT_EDGE_LIMITS: Readonly<Record<EdgeBucket, RateLimitRule>> = {
  webhooks: { max: 3000, timeWindowMs: 60_000 },
  slack: { max: 1200, timeWindowMs: 60_000 },
  auth: { max: 30, timeWindowMs: 60_000 },
  explain: { max: 120, timeWindowMs: 60_000 },
  metrics: { max: 60, timeWindowMs: 60_000 },
  pages: { max: 600, timeWindowMs: 60_000 },
};

/** Which bucket a path counts in; `undefined` for `/api` (limited per token in its own scope) and `/healthz`. */
export function edgeBucketOf(url: string): EdgeBucket | undefined {
  const path = url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/') || path === '/healthz') return undefined;
  if (path.startsWith('/webhooks/')) return 'webhooks';
  if (path.startsWith('/slack/')) return 'slack';
  if (path === '/auth' || path.startsWith('/auth/')) return 'auth';
  if (path.startsWith('/why/') || path.startsWith('/explain/')) return 'explain';
  if (path === '/metrics') return 'metrics';
  return 'pages';
}

/** Options of {@link edgeRateLimits}. */
export interface EdgeRateLimitOptions extends SharedRateLimitOptions {
  /** Budgets that differ from {@link DEFAULT_EDGE_LIMITS}. */
  limits?: Partial<Record<EdgeBucket, RateLimitRule>>;
}

/**
 * Rate limits on every route outside `/api`, per caller address (trusted proxies only),
 * counted in Postgres so the replicas share them. Registered on the root instance ahead
 * of the routes so nothing reachable escapes it; `/healthz` is left to the load balancer.
 */
export function edgeRateLimits(options: EdgeRateLimitOptions) {
  return fp(
    async function limitEdge(app: FastifyInstance): Promise<void> {
      const limiter = createSharedRateLimiter(options);
      const hooks = Object.fromEntries(
        EDGE_BUCKETS.map((bucket) => [bucket, limiter(bucket, options.limits?.[bucket] ?? DEFAULT_EDGE_LIMITS[bucket], callerByAddress)]),
      ) as Record<EdgeBucket, ReturnType<ReturnType<typeof createSharedRateLimiter>>>;
      app.addHook('onClose', async () => limiter.close());
      app.addHook('onRequest', async (request: FastifyRequest, reply) => {
        const bucket = edgeBucketOf(request.url);
        if (bucket === undefined) return undefined;
        return hooks[bucket](request, reply);
      });
    },
    { name: 'clos-edge-rate-limits', fastify: '5.x' },
  );
}
