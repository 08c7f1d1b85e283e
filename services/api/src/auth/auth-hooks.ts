import type {} from '@fastify/cookie';
import { forbidden, unauthorized } from '@clos/domain';
import type { AuditInput, Queryable } from '@clos/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateBearer, authenticateSession } from './authenticate.js';
import { CSRF_HEADER, csrfMatches } from './csrf.js';
import { SESSION_COOKIE } from './session.js';
import type { TokenCache } from './token-cache.js';
import { AUTH_FAILURE_MESSAGES, type Authentication, type AuthFailureReason } from '@clos/app';
import { addressOf, clientAddress } from '../net/client-address.js';

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
  /** Recently verified tokens; every request asks the record when omitted. */
  tokens?: TokenCache;
  /** Told of every 401 by reason, and of every CSRF refusal (metrics). */
  onRefused?: (reason: AuthFailureReason | 'csrf') => void;
}

/**
 * First hook of the scope: checks the bearer token (or, without an Authorization header,
 * the browser session's cookie) and remembers the outcome, refusing nothing yet, so the
 * rate limiter that runs next can key on the token (or, without a valid one, on the
 * address) and bound how fast anyone can try tokens.
 */
export function addAuthentication(scope: FastifyInstance, options: AuthHookOptions): void {
  scope.addHook('onRequest', async (request) => {
    const session = request.cookies?.[SESSION_COOKIE];
    const outcome =
      request.headers.authorization === undefined && session !== undefined && session !== ''
        ? await authenticateSession(options.db, session, options.now(), options.tokens)
        : await authenticateBearer(options.db, request.headers.authorization, options.now(), options.tokens);
    authentications.set(request, outcome);
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After the rate limiter: refuses a request without a valid token with 401, before its
 * body is read, and records the refusal in the audit log.
 */
export function requireAuthentication(scope: FastifyInstance, options: AuthHookOptions): void {
  scope.addHook('preParsing', async (request, reply) => {
    const outcome = authentications.get(request);
    if (outcome?.ok === true) {
      // A cookie rides along on any request the browser makes, a forged one included:
      // a session's unsafe requests must also prove they come from its own pages.
      if (outcome.principal.csrfToken === undefined || SAFE_METHODS.has(request.method) || csrfMatches(request.headers[CSRF_HEADER], outcome.principal.csrfToken)) return;
      options.onRefused?.('csrf');
      await recordRefusal(options, request, outcome.principal.actor, 'auth.csrf_refused', {});
      throw forbidden(`A session's ${request.method} request must carry the ${CSRF_HEADER} header (see GET /api/me)`, { reason: 'csrf' });
    }
    const reason = outcome?.reason ?? 'missing';
    options.onRefused?.(reason);
    await recordRefusal(options, request, 'anonymous', 'auth.refused', {
      reason,
      ...(outcome?.ok === false && outcome.tokenPrefix !== undefined ? { tokenPrefix: outcome.tokenPrefix } : {}),
    });
    reply.header('www-authenticate', reason === 'missing' ? 'Bearer realm="clos"' : 'Bearer realm="clos", error="invalid_token"');
    throw unauthorized(AUTH_FAILURE_MESSAGES[reason], { reason });
  });
}

/** Records a refused request in the audit log; a failure to record is logged, the refusal stands. */
export async function recordRefusal(
  options: Pick<AuthHookOptions, 'audit'>,
  request: FastifyRequest,
  actor: string,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  try {
    await options.audit({
      actor,
      action,
      details: { ...details, method: request.method, route: request.routeOptions.url ?? request.url, correlationId: request.id },
      ...addressOf(request),
    });
  } catch (error) {
    request.log.error({ err: error }, 'could not record a refused request in the audit log');
  }
}

/** The rate limit key: the token for an authenticated caller, the address for anyone else. */
export function rateLimitKey(request: FastifyRequest): string {
  const outcome = authentications.get(request);
  return outcome?.ok === true ? `token:${outcome.principal.tokenId}` : `ip:${clientAddress(request) ?? 'unknown'}`;
}
