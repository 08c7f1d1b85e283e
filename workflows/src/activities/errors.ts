import { ApplicationFailure } from '@temporalio/activity';
import { isClosError } from '@clos/domain';

/** Failures worth retrying: the next attempt may succeed without anyone changing anything. */
const RETRYABLE = new Set(['RateLimited', 'Unavailable', 'Unauthorized']);

/**
 * Maps a failure of a port to what Temporal's retry policy should do with it: rate limits
 * wait as long as the vendor asked (`retry-after`, secondary limits), outages retry with
 * backoff, refusals (not found, invalid, forbidden) stop at once.
 */
export function toActivityFailure(error: unknown, operation: string): unknown {
  if (!isClosError(error)) return error;
  const details = error.details as { retryAfterSeconds?: unknown } | undefined;
  const retryAfter = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : undefined;
  return ApplicationFailure.create({
    type: error.code,
    message: `${operation}: ${error.message}`,
    nonRetryable: !RETRYABLE.has(error.code),
    cause: error,
    ...(retryAfter !== undefined && error.code === 'RateLimited' ? { nextRetryDelay: `${Math.max(1, Math.ceil(retryAfter))}s` } : {}),
  });
}

/** Runs a port call, translating its failure for the retry policy. */
export async function port<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActivityFailure(error, operation);
  }
}
