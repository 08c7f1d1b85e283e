import { ClosError, isErrorCode } from '@clos/domain';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * Turns a workflow's refusal back into the `ClosError` it stands for: validators and
 * handlers fail updates with an `ApplicationFailure` whose type is a CLOS error code
 * (InvalidInput, Forbidden, …), and the api maps that code to its 4xx. Anything else
 * passes through unchanged.
 */
export function toClosError(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
      return new ClosError(cause.type, cause.message, cause.details?.[0], { cause: error });
    }
  }
  if (error instanceof WorkflowNotFoundError) {
    return new ClosError('NotFound', `no running workflow ${error.workflowId}`, { workflowId: error.workflowId }, { cause: error });
  }
  return error;
}

/** gRPC codes a busy Temporal answers with; the same call succeeds a moment later. */
const TRANSIENT_CODES = new Set([
  8, // RESOURCE_EXHAUSTED: too many updates in flight on one workflow, rate limits
  10, // ABORTED: the workflow was closing (continue-as-new) when the update arrived
  14, // UNAVAILABLE
]);

/**
 * Whether a refusal is the server being busy rather than the call being wrong. An
 * update-with-start whose update could not be admitted (too many in flight, the run
 * handing over) comes back as FAILED_PRECONDITION "could not be executed".
 */
export function isTransientTemporalError(error: unknown): boolean {
  if (!isGrpcServiceError(error)) return false;
  if (TRANSIENT_CODES.has(error.code)) return true;
  return error.code === 9 && /could not be executed/i.test(error.message);
}

export interface CallRetry {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Enough to ride out a burst of 200 concurrent updates on one workflow. */
export const DEFAULT_CALL_RETRY: CallRetry = { attempts: 10, firstDelayMs: 50, maxDelayMs: 2_000 };

/**
 * Runs a client call, retrying while Temporal is only busy (with jittered backoff), and
 * translating a workflow's refusal into a `ClosError`. The calls it wraps are idempotent
 * (a repeated acquire or release changes nothing twice), so a retry is safe.
 */
export async function closCall<T>(call: () => Promise<T>, retry: CallRetry = DEFAULT_CALL_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= retry.attempts || !isTransientTemporalError(error)) throw toClosError(error);
      const ceiling = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}
