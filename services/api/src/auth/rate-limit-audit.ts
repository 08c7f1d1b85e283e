import type { AuditInput } from '@clos/platform';
import type { FastifyRequest } from 'fastify';
import { authenticationOf } from './auth-hooks.js';

/** Keys remembered at most; past this, keys whose window has ended are dropped. */
const MAX_KEYS = 10_000;

/**
 * Records a caller going over its rate limit in the audit log, once per key and window:
 * the first refusal says who and from where; the flood that follows would only bury it.
 */
export function rateLimitAuditor(options: {
  windowMs: number;
  now: () => Date;
  audit: (entry: AuditInput) => Promise<void>;
  onError: (request: FastifyRequest, error: unknown) => void;
}): (request: FastifyRequest, key: string) => void {
  const recorded = new Map<string, number>();
  return (request, key) => {
    const now = options.now().getTime();
    if ((recorded.get(key) ?? 0) > now) return;
    if (recorded.size >= MAX_KEYS) {
      for (const [k, until] of recorded) if (until <= now) recorded.delete(k);
    }
    recorded.set(key, now + options.windowMs);
    const outcome = authenticationOf(request);
    options
      .audit({
        actor: outcome?.ok === true ? outcome.principal.actor : 'anonymous',
        action: 'auth.rate_limited',
        details: { key, method: request.method, route: request.routeOptions.url ?? request.url, correlationId: request.id },
        sourceIp: request.ip,
      })
      .catch((error: unknown) => options.onError(request, error));
  };
}
