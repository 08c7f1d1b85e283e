import { ConfigError, parseClosConfig, type ClosConfig, type ConfigIssue } from '@clos/domain';

/** Where the policy lives in the config repository. */
export const CONFIG_FILE_PATH = 'clos.yml';

/** The status context a change to clos.yml is judged under. */
export const CONFIG_STATUS_CONTEXT = 'clos/config';

/** The outcome of validating a clos.yml text. */
export type ConfigValidation =
  | { valid: true; config: ClosConfig; summary: string }
  | { valid: false; issues: ConfigIssue[]; summary: string };

/** Validates a clos.yml and sums it up in one status-sized line (≤ 140 characters). */
export function validateConfigText(text: string, fileName = CONFIG_FILE_PATH): ConfigValidation {
  try {
    const config = parseClosConfig(text, fileName);
    const pods = config.pods.length;
    const projects = config.projects.length;
    return {
      valid: true,
      config,
      summary: `${fileName} is valid: ${pods} pod${pods === 1 ? '' : 's'}, ${projects} project${projects === 1 ? '' : 's'}`,
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { valid: false, issues: error.issues, summary: describeIssues(fileName, error.issues) };
  }
}

/** `clos.yml: pods[0].wipLimit: expected … (line 5) (+2 more)`, cut to GitHub's 140 characters. */
export function describeIssues(fileName: string, issues: readonly ConfigIssue[]): string {
  const first = issues[0];
  if (first === undefined) return `${fileName} is invalid`;
  const where = first.path === '' ? '' : `${first.path}: `;
  const line = first.line === undefined ? '' : ` (line ${first.line})`;
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
  const text = `${fileName}: ${where}${first.message}${line}`;
  const room = 140 - more.length;
  return (text.length > room ? `${text.slice(0, room - 1)}…` : text) + more;
}
