/** How one check of `clos doctor` came out. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One finding: what was checked, what was found and, unless all is well, what to do. */
export interface CheckResult {
  /** Short name: node, python, ports, data, credentials. */
  check: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it; set on warn and fail. */
  fix?: string;
}

/** A blocker is a failed check: `npm run up` would not start, or would not work. */
export function hasBlocker(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.status === 'fail');
}
