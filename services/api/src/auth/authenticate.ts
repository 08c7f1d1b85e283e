import type { Queryable } from '@clos/platform';
import { displayPrefix, hashToken, looksLikeToken } from './api-token.js';
import type { Authentication } from '@clos/app';
import { csrfTokenFor } from './csrf.js';
import type { TokenCache } from './token-cache.js';
import { findTokenByHash, tokenStatus, touchToken, type TokenKind, type TokenRecord } from './token-store.js';

/** How a session opened by "Sign in with GitHub" records who opened it: `github:<login>`. */
export const GITHUB_CREATOR = 'github:';

async function authenticateToken(db: Queryable, token: string, kind: TokenKind, now: Date, cache?: TokenCache): Promise<Authentication> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'malformed' };
  const tokenPrefix = displayPrefix(token);
  const hash = hashToken(token);
  const cached = cache?.get(hash, Date.now());
  let record: TokenRecord | undefined = cached;
  if (record === undefined) {
    record = await findTokenByHash(db, hash);
    if (record !== undefined) cache?.set(hash, record, Date.now());
  }
  // A session or login-link secret is no bearer token, and the other way round.
  if (record === undefined || record.kind !== kind) return { ok: false, reason: 'unknown', tokenPrefix };
  const status = tokenStatus(record, now);
  if (status !== 'active') return { ok: false, reason: status, tokenPrefix };
  // Last use is kept to the minute; a cached token was touched when it was looked up.
  if (cached === undefined) await touchToken(db, record.id);
  const via = kind === 'session' ? 'session' : 'token';
  // Set by the GitHub sign-in itself (`github:<login>`), never by whoever names a token.
  const githubLogin = kind === 'session' && record.createdBy?.startsWith(GITHUB_CREATOR) === true ? record.createdBy.slice(GITHUB_CREATOR.length) : undefined;
  return {
    ok: true,
    principal: {
      actor: `${via}:${record.id}`,
      via,
      tokenId: record.id,
      name: record.name,
      roles: record.roles,
      expiresAt: record.expiresAt,
      ...(kind === 'session' ? { csrfToken: csrfTokenFor(token) } : {}),
      ...(githubLogin !== undefined && githubLogin !== '' ? { githubLogin } : {}),
    },
  };
}

/**
 * Checks an `Authorization` header: a CLOS API token as a bearer credential, known,
 * neither expired nor revoked. Records its use (at most once a minute).
 */
export async function authenticateBearer(db: Queryable, authorization: string | undefined, now: Date, cache?: TokenCache): Promise<Authentication> {
  if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (match === null) return { ok: false, reason: 'malformed' };
  return authenticateToken(db, match[1]!, 'api', now, cache);
}

/** Checks a browser session's cookie; a valid one also yields the CSRF token its unsafe requests must carry. */
export async function authenticateSession(db: Queryable, cookie: string, now: Date, cache?: TokenCache): Promise<Authentication> {
  return authenticateToken(db, cookie, 'session', now, cache);
}
