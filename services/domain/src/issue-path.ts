import type { z } from 'zod';

/**
 * Renders a validation path the way people write it in YAML or JSON:
 * `['pods', 0, 'wipLimit']` → `pods[0].wipLimit`. The empty path is the document root.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** One problem found while validating input. */
export interface ValidationIssue {
  /** Where, as {@link formatPath} renders it; `''` for the whole input. */
  path: string;
  message: string;
}

/** The value at `path` inside `data`, or `undefined` when any step is missing. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** zod's message, except that "expected X, received undefined" becomes what it means: a missing field. */
export function describeZodIssue(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code !== 'invalid_type' || valueAt(data, issue.path) !== undefined) return issue.message;
  return issue.expected === 'nonoptional' ? 'required' : `required (${issue.expected})`;
}

/** Turns zod issues into {@link ValidationIssue}s, prefixing each path with `base`. */
export function toValidationIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  base: readonly PropertyKey[] = [],
): ValidationIssue[] {
  return issues.map((issue) => ({ path: formatPath([...base, ...issue.path]), message: describeZodIssue(issue, data) }));
}

/** `path: message; path: message`, for one-line error messages. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('; ');
}

/** Runs a refinement only on input whose shape is already valid, so it never reasons about garbage. */
export const WHEN_WELL_FORMED = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };
