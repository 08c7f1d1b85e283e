import { createHash, timingSafeEqual } from 'node:crypto';

/** The header an unsafe request of a cookie session must carry. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF token of a session: derived from the session's secret, which only the
 * session's own pages can learn (from the readable `clos_csrf` cookie or GET /api/me). A
 * page of another site can make the browser send the session cookie, but cannot read
 * or compute this value, so it cannot forge the header.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`clos-csrf:${sessionToken}`, 'utf8').digest('base64url');
}

/** Constant-time comparison of a presented CSRF token with the expected one. */
export function csrfMatches(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
