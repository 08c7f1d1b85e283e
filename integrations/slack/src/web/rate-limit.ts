import { ErrorCode } from '@slack/web-api';

/**
 * Seconds Slack asked to wait when `error` is a rate-limited Web API call (HTTP 429 with
 * `Retry-After`), else `undefined`.
 */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; retryAfter?: unknown };
  if (e.code !== ErrorCode.RateLimitedError) return undefined;
  return typeof e.retryAfter === 'number' && Number.isFinite(e.retryAfter) && e.retryAfter >= 0 ? e.retryAfter : 1;
}
