import { ClosError, ERROR_CODES, type ErrorCode } from '@clos/domain';

/**
 * The one table from error code to HTTP status. WipLimitExceeded and
 * GateNotMet are conflicts with the current state of a pod or project: the
 * request was well-formed, the world is not ready for it yet.
 */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  InvalidInput: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  WipLimitExceeded: 409,
  GateNotMet: 409,
  RateLimited: 429,
  Unavailable: 503,
  MethodNotAllowed: 405,
};

/** The code an error body carries: a domain code, or Internal for anything unexpected. */
export type ErrorBodyCode = ErrorCode | 'Internal';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorBodyCode; message: string; details?: unknown };
}

/** Status and body for an error response. */
export interface HttpError {
  status: number;
  body: ErrorBody;
}

const CODE_BY_CLIENT_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'InvalidInput',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'RateLimited',
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Maps any thrown value to a status and the `{"error":{code,message,details}}`
 * body. Coded errors keep their message and details; a zod validation error is
 * a 400 listing the issues; a framework 4xx (bad JSON, body too large) keeps
 * its status; anything else is a 500 that leaks nothing about its cause.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof ClosError || (error instanceof Error && isErrorCode((error as { code?: unknown }).code))) {
    const coded = error as ClosError;
    const body: ErrorBody = { error: { code: coded.code, message: coded.message } };
    if (coded.details !== undefined) body.error.details = coded.details;
    return { status: HTTP_STATUS_BY_CODE[coded.code], body };
  }
  if (error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues)) {
    const issues = (error as unknown as { issues: { path: PropertyKey[]; message: string }[] }).issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return { status: 400, body: { error: { code: 'InvalidInput', message: `Invalid input: ${summary}`, details: { issues } } } };
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (error instanceof Error && typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: { code: CODE_BY_CLIENT_STATUS[status] ?? 'InvalidInput', message: error.message } } };
  }
  return { status: 500, body: { error: { code: 'Internal', message: 'Internal server error' } } };
}

/** The HTTP status for an error (see {@link toHttpError}). */
export function httpStatusOf(error: unknown): number {
  return toHttpError(error).status;
}

/** The error response body for an error (see {@link toHttpError}). */
export function toErrorBody(error: unknown): ErrorBody {
  return toHttpError(error).body;
}
