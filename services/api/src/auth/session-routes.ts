import { ClosError } from '@clos/domain';
import type { AuditInput } from '@clos/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { recordRefusal } from './auth-hooks.js';
import { CSRF_COOKIE, openSessionFromLink, SESSION_COOKIE, SESSION_HOURS } from './session.js';

/** Where a login goes when the link names nowhere (or somewhere off this site). */
export const DEFAULT_AFTER_LOGIN = '/api/me';

const linkQuery = z.object({
  token: z.string().min(1).max(200).describe('The secret of the login link'),
  next: z.string().max(2000).optional().describe('A path on this site to go to afterwards'),
});

/** Only a path on this site: `//evil.example` and `https://…` would make the link an open redirect. */
function safeNext(next: string | undefined): string {
  return next !== undefined && /^\/(?![/\\])/.test(next) ? next : DEFAULT_AFTER_LOGIN;
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
        const opened = await openSessionFromLink(deps.pool, request.query.token, deps.now());
        if (opened === undefined) {
          await recordRefusal({ audit: deps.audit }, request, 'anonymous', 'auth.refused', { reason: 'unknown', kind: 'login-link' });
          throw new ClosError('Unauthorized', 'This login link is not valid: it was used already, has expired, or never existed', {
            reason: 'unknown',
          });
        }
        await deps.audit({
          actor: `session:${opened.record.id}`,
          action: 'auth.login',
          details: { via: 'login-link', linkId: opened.link.id, name: opened.record.name, roles: opened.record.roles, correlationId: request.id },
          sourceIp: request.ip,
        });
        const cookie = { path: '/', sameSite: 'lax' as const, secure: request.protocol === 'https', maxAge: SESSION_HOURS * 3600 };
        return reply
          .setCookie(SESSION_COOKIE, opened.token, { ...cookie, httpOnly: true })
          .setCookie(CSRF_COOKIE, opened.csrfToken, { ...cookie, httpOnly: false })
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .redirect(safeNext(request.query.next), 303);
      },
    );
  };
}
