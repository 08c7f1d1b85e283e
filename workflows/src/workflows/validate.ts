import { ApplicationFailure } from '@temporalio/workflow';
import type { ErrorCode } from '@clos/domain';

/**
 * A refusal the caller can act on. The failure type is a CLOS error code, so the client
 * turns it back into a `ClosError` and the api into the matching 4xx.
 */
export function refuse(code: ErrorCode, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true, ...(details !== undefined ? { details: [details] } : {}) });
}

function fail(path: string, problem: string): never {
  throw refuse('InvalidInput', `${path} ${problem}`);
}

/** `value` must be a non-empty string (at most `max` characters). */
export function requireText(value: unknown, path: string, max = 2000): string {
  if (typeof value !== 'string' || value.trim() === '') fail(path, 'must be a non-empty string');
  if (value.length > max) fail(path, `must be at most ${max} characters`);
  return value;
}

/** `value` must be absent or a string. */
export function optionalText(value: unknown, path: string, max = 2000): void {
  if (value !== undefined) requireText(value, path, max);
}

/** `value` must be an integer ≥ `min`. */
export function requireInt(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(path, `must be an integer ≥ ${min}`);
  return value;
}

/** `value` must be absent or an ISO-8601 time. */
export function optionalTime(value: unknown, path: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(path, 'must be an ISO-8601 time');
}

/** `value` must be an `owner/name` repository. */
export function requireRepo(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(value)) fail(path, 'must be a repository as "owner/name"');
  return value;
}

/** `value` must be an object (the one parameter every message takes). */
export function requireObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Record<string, unknown>;
}

/** `value` must be one of `allowed`. */
export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(path, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** `value` must be an array; each element is checked by `each`. */
export function requireArray(value: unknown, path: string, each: (v: unknown, p: string) => void): void {
  if (!Array.isArray(value)) fail(path, 'must be an array');
  value.forEach((v, i) => each(v, `${path}[${i}]`));
}

/** `value` must be absent or an array; each element is checked by `each`. */
export function optionalArray(value: unknown, path: string, each: (v: unknown, p: string) => void): void {
  if (value !== undefined) requireArray(value, path, each);
}

/** `value` must be a string (possibly empty). */
export function requireString(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  if (value.length > max) fail(path, `must be at most ${max} characters`);
  return value;
}

/** `value` must be a boolean. */
export function requireBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be true or false');
  return value;
}

/** `value` must be absent or a boolean. */
export function optionalBoolean(value: unknown, path: string): void {
  if (value !== undefined) requireBoolean(value, path);
}
