import { ClosError, isErrorCode } from '@clos/domain';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
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

/** Runs a client call, translating a workflow's refusal into a `ClosError`. */
export async function closCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toClosError(error);
  }
}
