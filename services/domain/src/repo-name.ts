import { z } from 'zod';

/**
 * `owner/name` of a GitHub repository. Owners are letters, digits and hyphens; repository
 * names add `.` and `_`. GitHub treats both case-insensitively, so compare with {@link sameRepo}.
 */
export const REPO_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** Validates an `owner/name` repository reference. */
export const repoNameSchema = z
  .string()
  .regex(REPO_NAME_PATTERN, { error: (issue) => `expected a repository as owner/name, got ${JSON.stringify(issue.input)}` });

/** Whether two `owner/name` references name the same repository (GitHub ignores case). */
export function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
