/**
 * Calls to the CLOS REST API. Always same-origin relative paths: locally the api serves
 * the dashboard itself, on Vercel the /api, /auth and /why paths are rewritten to it, so
 * the browser session cookie and the CSRF cookie simply travel with every call.
 */

/** The cookie holding the session's CSRF token (readable by the session's pages). */
export const CSRF_COOKIE = 'clos_csrf';

/** The header unsafe requests of a browser session carry the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** A non-2xx answer, with the api's error code, message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turns an answer into its JSON body, or throws {@link ApiError} with the api's message. */
async function readAnswer<T>(response: Response): Promise<T> {
  if (response.ok) return (await response.json()) as T;
  let code = `HTTP ${response.status}`;
  let message = response.statusText || `the api answered ${response.status}`;
  let details: Record<string, unknown> = {};
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
    if (body.error?.details) details = body.error.details;
  } catch {
    // Not the api's JSON error body (a proxy's page, say): keep the status line.
  }
  throw new ApiError(response.status, code, message, details);
}

/** GET `path` (e.g. `/api/pods`) as JSON. */
export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  return readAnswer<T>(response);
}

/** DELETE `path` with the session's CSRF token, as the api requires of cookie sessions. */
export async function apiDelete<T>(path: string, csrfToken: string | null): Promise<T> {
  const response = await fetch(path, {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(csrfToken ? { [CSRF_HEADER]: csrfToken } : {}) },
  });
  return readAnswer<T>(response);
}

/** A cookie's value from `document.cookie`, or null. */
export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** `/api/…` with its query string built from the defined values. */
export function apiPath(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
