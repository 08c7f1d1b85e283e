import { unauthorized } from '@clos/domain';
import type { AuditInput, Queryable } from '@clos/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateBearer } from './authenticate.js';
import { AUTH_FAILURE_MESSAGES, type Authentication, type AuthFailureReason } from './principal.js';

const authentications = new WeakMap<FastifyRequest, Authentication>();

/** The outcome of checking the request's credentials (set by {@link addAuthentication}). */
export function authenticationOf(request: FastifyRequest): Authentication | undefined {
  return authentications.get(request);
}

/** Options of the authentication hooks. */
export interface AuthHookOptions {
  db: Queryable;
  now: () => Date;
  audit: (entry: AuditInput) => Promise<void>;
  /** Told of every 401 (metrics). */
  onRefused?: (reason: AuthFailureReason) => void;
}

/**
 * First hook of the scope: checks the bearer token and remembers the outcome, refusing
 * nothing yet, so the rate limiter that runs next can key on the token (or, without a
 * valid one, on the address) and bound how fast anyone can try tokens.
 */
export function addAuthentication(scope: FastifyInstance, options: AuthHookOptions): void {
  scope.addHook('onRequest', async (request) => {
    authentications.set(request, await authenticateBearer(options.db, request.headers.authorization, options.now()));
  });
}

/**
 * After the rate limiter: refuses a request without a valid token with 401, before its
 * body is read, and records the refusal in the audit log.
 */
export function requireAuthentication(scope: FastifyInstance, options: AuthHookOptions): void {
  scope.addHook('preParsing', async (request, reply) => {
    const outcome = authentications.get(request);
    if (outcome?.ok === true) return;
    const reason = outcome?.reason ?? 'missing';
    options.onRefused?.(reason);
    try {
      await options.audit({
        actor: 'anonymous',
        action: 'auth.refused',
        details: {
          reason,
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          correlationId: request.id,
          ...(outcome?.ok === false && outcome.tokenPrefix !== undefined ? { tokenPrefix: outcome.tokenPrefix } : {}),
        },
        sourceIp: request.ip,
      });
    } catch (error) {
      request.log.error({ err: error }, 'could not record a refused request in the audit log');
    }
    reply.header('www-authenticate', reason === 'missing' ? 'Bearer realm="clos"' : 'Bearer realm="clos", error="invalid_token"');
    throw unauthorized(AUTH_FAILURE_MESSAGES[reason], { reason });
  });
}

/** The rate limit key: the token for an authenticated caller, the address for anyone else. */
export function rateLimitKey(request: FastifyRequest): string {
  const outcome = authentications.get(request);
  return outcome?.ok === true ? `token:${outcome.principal.tokenId}` : `ip:${request.ip}`;
}
