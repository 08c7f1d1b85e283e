import { roleAtLeast } from '@clos/domain';
import type { Queryable } from '@clos/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateBearer, authenticateSession } from '../auth/authenticate.js';
import type { Principal } from '@clos/app';
import { SESSION_COOKIE } from '../auth/session.js';
import type { TokenCache } from '../auth/token-cache.js';
import { roleInPod, podsWithRole } from '@clos/app';
import { escapeHtml } from './html.js';

/**
 * The path prefixes the pages are served under. `/why` is what CLOS writes into status
 * `target_url`s; `/explain` is kept as an alias for links written with that spelling.
 */
export const EXPLAIN_PREFIXES = ['/why', '/explain'] as const;

/** Whether a path on this site is one of the explanation pages. */
export function isExplainPath(path: string): boolean {
  return EXPLAIN_PREFIXES.some((prefix) => path.startsWith(`${prefix}/`));
}

/** How the explanation pages learn who is asking. */
export interface ExplainAccess {
  /** Holds the API tokens and browser sessions. */
  db: Queryable;
  /** Recently verified tokens; every request asks the record when omitted. */
  tokens?: TokenCache;
  now?: () => Date;
}

/** Who is reading a page: a signed-in session or an API token, or nobody. */
export async function readerOf(access: ExplainAccess, request: FastifyRequest): Promise<Principal | undefined> {
  const now = (access.now ?? (() => new Date()))();
  const session = sessionCookie(request.headers.cookie);
  const outcome =
    request.headers.authorization === undefined && session !== undefined
      ? await authenticateSession(access.db, session, now, access.tokens)
      : request.headers.authorization !== undefined
        ? await authenticateBearer(access.db, request.headers.authorization, now, access.tokens)
        : undefined;
  return outcome?.ok === true ? outcome.principal : undefined;
}

/** Whether the reader holds a role (viewer or more) in the pod. */
export function mayReadPod(reader: Principal, podId: string): boolean {
  return roleAtLeast(roleInPod(reader.roles, podId), 'viewer');
}

/** Whether the reader holds a role in some pod: enough for the organisation's config repo. */
export function mayReadOrg(reader: Principal): boolean {
  const pods = podsWithRole(reader.roles, 'viewer');
  return pods === 'all' || pods.length > 0;
}

/**
 * The only answer a stranger gets: "sign in to see why", a link to sign in that comes
 * back to this page, and nothing of the state — not even whether the pod exists. 401
 * when nobody is signed in, 403 when the reader may not see this pod.
 */
export function signInToSeeWhy(request: FastifyRequest, reply: FastifyReply, status: 401 | 403): FastifyReply {
  const path = request.url;
  const login = `/auth/github?next=${encodeURIComponent(path)}`;
  reply.code(status).header('cache-control', 'no-store');
  const accept = request.headers.accept ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html')) {
    return reply.send({ error: { code: status === 401 ? 'Unauthorized' : 'Forbidden', message: 'sign in to see why', details: { login } } });
  }
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Sign in to see why</title></head>` +
        `<body><p>Sign in to see why.</p><p><a href="${escapeHtml(login)}">Sign in</a></p></body></html>`,
    );
}

function sessionCookie(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      // Session secrets are base64url: nothing to decode, and anything else is no session.
      return /^[A-Za-z0-9_-]+$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
