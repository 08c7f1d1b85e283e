/**
 * A request URL fit for the log: the query string of `/auth/*` (login-link tokens, OAuth
 * codes and states) is replaced, the path kept so the line still says what was asked.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  return path === '/auth' || path.startsWith('/auth/') ? `${path}?[redacted]` : url;
}
