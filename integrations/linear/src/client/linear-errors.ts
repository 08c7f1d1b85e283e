import { ClosError } from '@clos/domain';
import { LinearError, LinearErrorType, RatelimitedLinearError } from '@linear/sdk';

/** Turns an SDK failure into the `ClosError` the rest of CLOS understands. */
export function toClosError(error: unknown, operation: string): ClosError {
  if (error instanceof ClosError) return error;
  const what = `Linear ${operation}`;
  if (!(error instanceof LinearError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ClosError('Unavailable', `${what} failed: ${message}`, { operation });
  }
  const details: Record<string, unknown> = { operation, status: error.status, linearType: error.type };
  switch (error.type) {
    case LinearErrorType.Ratelimited:
      details.retryAfterSeconds = error instanceof RatelimitedLinearError && error.retryAfter !== undefined ? error.retryAfter : 60;
      return new ClosError('RateLimited', `${what} was rate limited by Linear: ${error.message}`, details);
    case LinearErrorType.AuthenticationError:
      return new ClosError('Unauthorized', `${what} was refused: the Linear API key is invalid or revoked`, details);
    case LinearErrorType.Forbidden:
    case LinearErrorType.FeatureNotAccessible:
    case LinearErrorType.UsageLimitExceeded:
      return new ClosError('Forbidden', `${what} was forbidden: ${error.message}`, details);
    case LinearErrorType.InvalidInput:
    case LinearErrorType.UserError:
    case LinearErrorType.GraphqlError:
      return new ClosError('InvalidInput', `${what} was rejected by Linear: ${error.message}`, details);
    default:
      return new ClosError('Unavailable', `${what} failed: ${error.message}`, details);
  }
}
