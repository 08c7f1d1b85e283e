/**
 * The business error codes of CLOS. The platform maps each to one HTTP status,
 * so a code says what went wrong from the caller's point of view.
 */
export const ERROR_CODES = [
  'InvalidInput',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'Conflict',
  'WipLimitExceeded',
  'GateNotMet',
  'RateLimited',
  'Unavailable',
  'MethodNotAllowed',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * An error CLOS raises on purpose: a code for machines, a message for people and
 * optional structured details (for example the list of missing gate criteria).
 */
export class ClosError extends Error {
  override readonly name: string = 'ClosError';
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

/** Whether `error` is a {@link ClosError}, optionally of the given code. */
export function isClosError(error: unknown, code?: ErrorCode): error is ClosError {
  return error instanceof ClosError && (code === undefined || error.code === code);
}

/** The request or data is malformed; the message names what is wrong. */
export const invalidInput = (message: string, details?: unknown): ClosError =>
  new ClosError('InvalidInput', message, details);

/** No or bad credentials. */
export const unauthorized = (message: string, details?: unknown): ClosError =>
  new ClosError('Unauthorized', message, details);

/** Authenticated but not allowed (for example a role below the one required). */
export const forbidden = (message: string, details?: unknown): ClosError =>
  new ClosError('Forbidden', message, details);

/** The named thing does not exist. */
export const notFound = (message: string, details?: unknown): ClosError =>
  new ClosError('NotFound', message, details);

/** The request clashes with the current state (duplicate id, stale version, …). */
export const conflict = (message: string, details?: unknown): ClosError =>
  new ClosError('Conflict', message, details);

/** A pod has no free WIP slot for the work item. */
export const wipLimitExceeded = (message: string, details?: unknown): ClosError =>
  new ClosError('WipLimitExceeded', message, details);

/** A stage gate has unmet criteria; `details` usually lists them. */
export const gateNotMet = (message: string, details?: unknown): ClosError =>
  new ClosError('GateNotMet', message, details);

/** Too many requests; `details` may carry when to retry. */
export const rateLimited = (message: string, details?: unknown): ClosError =>
  new ClosError('RateLimited', message, details);

/** A dependency is down or answered unexpectedly; retrying later may succeed. */
export const unavailable = (message: string, details?: unknown): ClosError =>
  new ClosError('Unavailable', message, details);

/** The path exists but not with this HTTP method; `details.allow` lists the methods it takes. */
export const methodNotAllowed = (message: string, details?: unknown): ClosError =>
  new ClosError('MethodNotAllowed', message, details);
