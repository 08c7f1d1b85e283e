import { ClosError } from '@clos/domain';

interface HttpishError {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * Turns an Octokit failure into the `ClosError` the rest of CLOS understands. Rate limits
 * carry `retryAfterSeconds` so a Temporal retry policy (or a person) knows how long to wait.
 */
export function toClosError(error: unknown, operation: string): ClosError {
  if (error instanceof ClosError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const message = typeof e.message === 'string' ? e.message : String(error);
  const details: Record<string, unknown> = { operation, status, githubMessage: message };
  const what = `GitHub ${operation}`;

  const rateLimited = status === 429 || (status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message)));
  if (rateLimited) {
    details.retryAfterSeconds = retryAfterSeconds(headers);
    return new ClosError('RateLimited', `${what} was rate limited by GitHub: ${message}`, details);
  }
  switch (status) {
    case 401:
      return new ClosError('Unauthorized', `${what} was refused: the GitHub credentials are invalid or expired`, details);
    case 403:
      return new ClosError('Forbidden', `${what} was forbidden: ${message}`, details);
    case 404:
      return new ClosError('NotFound', `${what}: not found (or the credentials cannot see it)`, details);
    case 409:
      return new ClosError('Conflict', `${what} conflicted: ${message}`, details);
    case 422:
      return new ClosError('InvalidInput', `${what} was rejected by GitHub: ${message}`, details);
    default:
      return new ClosError('Unavailable', `${what} failed: ${message}`, details);
  }
}

function retryAfterSeconds(headers: Record<string, string | number | undefined>): number {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return Math.max(Math.ceil(reset - Date.now() / 1000), 1);
  // GitHub's advice when it gives no hint: wait at least a minute.
  return 60;
}

/** True for a failure that means "does not exist" (so reads can answer `null`). */
export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as HttpishError).status === 404;
}
