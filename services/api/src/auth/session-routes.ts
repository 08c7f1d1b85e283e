import { ClosError } from '@clos/domain';
import { appendAudit, type AuditInput } from '@clos/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { recordRefusal } from './auth-hooks.js';
import { CSRF_COOKIE, openSessionFromLink, SESSION_COOKIE, SESSION_HOURS, type StartedSession } from './session.js';
import { addressOf } from '../net/client-address.js';

/** Where a login goes when the link names nowhere (or somewhere off this site). */
export const DEFAULT_AFTER_LOGIN = '/api/me';

const linkQuery = z.object({
  token: z.string().min(1).max(200).describe('The secret of the login link'),
  next: z.string().max(2000).optional().describe('A path on this site to go to afterwards'),
});

/** Only a path on this site: `//evil.example` and `https://…` would make the link an open redirect. */
export function safeNext(next: string | undefined): string {
  // Browsers drop tabs and newlines from URLs, so `/\t/evil.example` would become `//evil.example`.
  if (next === undefined || [...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return DEFAULT_AFTER_LOGIN;
  return /^\/(?![/\\])/.test(next) ? next : DEFAULT_AFTER_LOGIN;
}

/**
 * Answers a login: an HttpOnly session cookie, and a readable CSRF cookie whose value the
 * session's unsafe requests send back in X-CSRF-Token; then a 303 to `next` (a path on
 * this site only).
 */
export function replyWithSession(request: FastifyRequest, reply: FastifyReply, session: StartedSession, next: string | undefined): FastifyReply {
  const cookie = { path: '/', sameSite: 'lax' as const, secure: request.protocol === 'https', maxAge: SESSION_HOURS * 3600 };
  return reply
    .setCookie(SESSION_COOKIE, session.token, { ...cookie, httpOnly: true })
    .setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false })
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .redirect(safeNext(next), 303);
}

/**
 * `GET /auth/link?token=…`: spends a one-time login link and starts a browser session —
 * an HttpOnly session cookie, and a readable CSRF cookie whose value the session's
 * unsafe requests send back in X-CSRF-Token — then redirects to `next`.
 */
export function loginLinkRoute(deps: { pool: pg.Pool; now: () => Date; audit: (entry: AuditInput) => Promise<void> }) {
  return async function loginLink(scope: FastifyInstance): Promise<void> {
    scope.withTypeProvider<ZodTypeProvider>().get(
      '/auth/link',
      { schema: { hide: true, querystring: linkQuery } },
      async (request, reply) => {
        const opened = await openSessionFromLink(deps.pool, request.query.token, deps.now(), async (db, session) => {
          await appendAudit(db, {
            actor: `session:${session.record.id}`,
            action: 'auth.login',
            details: { via: 'login-link', linkId: session.link.id, name: session.record.name, roles: session.record.roles, correlationId: request.id },
            ...addressOf(request),
          });
        });
        if (opened === undefined) {
          await recordRefusal({ audit: deps.audit }, request, 'anonymous', 'auth.refused', { reason: 'unknown', kind: 'login-link' });
          throw new ClosError('Unauthorized', 'This login link is not valid: it was used already, has expired, or never existed', {
            reason: 'unknown',
          });
        }
        return replyWithSession(request, reply, opened, request.query.next);
      },
    );
  };
}
