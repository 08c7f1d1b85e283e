import type { AuditInput, Queryable } from '@clos/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientAddress } from '../net/client-address.js';
import { pruneCounters } from './counter-store.js';
import { HitCounter } from './hit-counter.js';

/** How many requests a caller may make per window. */
export interface RateLimitRule {
  max: number;
  timeWindowMs: number;
}

/** What the shared limiter counts with and reports to. */
export interface SharedRateLimitOptions {
  /** Holds `rate_limit_counters`, shared by every replica. */
  db: Queryable;
  now?: () => Date;
  /** Records the first refusal of a caller in each window. */
  audit: (entry: AuditInput) => Promise<void>;
  /** Told of every 429 (metrics). */
  onLimited?: (bucket: string) => void;
  /** How often a replica adds the hits it counted alone to the shared counts (default 250 ms). */
  syncEveryMs?: number;
  /** Told when adding them fails (they are kept for the next try). */
  onSyncError?: (error: unknown) => void;
}

/** A caller of a bucket: the key it is counted under, and who it is for the audit log. */
export interface Caller {
  key: string;
  actor: string;
}

/** The caller of a request nobody has authenticated: its (trusted) address. */
export function callerByAddress(request: FastifyRequest): Caller {
  return { key: `ip:${clientAddress(request) ?? 'unknown'}`, actor: 'anonymous' };
}

/** How often a replica deletes the counters of ended windows. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Builds `onRequest` hooks that count each request against a limit shared by every replica
 * (`rate_limit_counters` in Postgres, through a {@link HitCounter}: exact near the limit,
 * batched every `syncEveryMs` below it) and answer 429 with `Retry-After` once it is spent.
 * The first refusal of a caller in a window (the hit that takes the shared count past
 * `max`, whichever replica counts it) is written to the audit log; the flood after it is
 * not. Counting never blocks a request when the database cannot be reached: the error is
 * logged and the request goes on (the api needs the database for nearly everything else
 * anyway, and webhook intake must not stop on a counter). `close()` adds what is pending.
 */
export function createSharedRateLimiter(options: SharedRateLimitOptions) {
  const now = options.now ?? (() => new Date());
  const counter = new HitCounter({
    db: options.db,
    ...(options.syncEveryMs !== undefined ? { syncEveryMs: options.syncEveryMs } : {}),
    ...(options.onSyncError !== undefined ? { onSyncError: options.onSyncError } : {}),
  });
  let longestWindowMs = 0;
  let lastPrune = 0;
  const prune = (request: FastifyRequest, at: number): void => {
    if (at - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = at;
    pruneCounters(options.db, new Date(at - longestWindowMs)).catch((error: unknown) =>
      request.log.warn({ err: error }, 'could not prune rate-limit counters'),
    );
  };

  function hook(bucket: string, rule: RateLimitRule, callerOf: (request: FastifyRequest) => Caller) {
    longestWindowMs = Math.max(longestWindowMs, rule.timeWindowMs);
    return async function rateLimitHook(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      const caller = callerOf(request);
      const at = now();
      let hit;
      try {
        hit = await counter.hit(bucket, caller.key.slice(0, 200), rule, at);
      } catch (error) {
        request.log.error({ err: error, bucket }, 'could not count a request against its rate limit; letting it through');
        return undefined;
      }
      prune(request, at.getTime());
      const retryAfterSeconds = Math.max(1, Math.ceil((hit.resetAt.getTime() - at.getTime()) / 1000));
      reply
        .header('x-ratelimit-limit', String(rule.max))
        .header('x-ratelimit-remaining', String(Math.max(0, rule.max - hit.hits)))
        .header('x-ratelimit-reset', String(retryAfterSeconds));
      if (hit.hits <= rule.max) return undefined;
      options.onLimited?.(bucket);
      if (hit.crossed) await auditLimited(options, request, bucket, caller);
      const window = describeWindow(rule.timeWindowMs);
      return reply
        .code(429)
        .header('retry-after', String(retryAfterSeconds))
        .send({
          error: {
            code: 'RateLimited',
            message: `Rate limit exceeded: ${rule.max} requests per ${window}; retry in ${retryAfterSeconds} s`,
            details: { limit: rule.max, retryAfterSeconds, bucket },
          },
        });
    };
  }
  return Object.assign(hook, { close: () => counter.close() });
}

async function auditLimited(options: SharedRateLimitOptions, request: FastifyRequest, bucket: string, caller: Caller): Promise<void> {
  const sourceIp = clientAddress(request);
  try {
    await options.audit({
      actor: caller.actor,
      action: 'auth.rate_limited',
      details: { key: caller.key, bucket, method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], correlationId: request.id },
      ...(sourceIp !== undefined ? { sourceIp } : {}),
    });
  } catch (error) {
    request.log.error({ err: error }, 'could not record a rate-limited caller in the audit log');
  }
}

function describeWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
