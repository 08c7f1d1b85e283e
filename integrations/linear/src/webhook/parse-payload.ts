import { formatPath, invalidInput } from '@clos/domain';
import type { z } from 'zod';

/** Renders a zod issue path the way people write it (`data.state.type`); the root is `(root)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return formatPath(path) || '(root)';
}

/**
 * Validates a vendor payload against the slice of it we rely on. A payload missing a
 * field we need is the sender's fault, so it becomes `InvalidInput` naming every bad path
 * (the api answers 400 with that message) rather than a crash deeper in.
 */
export function parsePayload<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw invalidInput(`${what} payload is malformed: ${summary}`, { issues });
}

/** Turns a vendor timestamp into ISO-8601 UTC; an unreadable one falls back rather than failing the delivery. */
export function toIsoTimestamp(value: string | null | undefined, fallback: string): string {
  if (value === null || value === undefined || value === '') return fallback;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}
