import { ClosError } from '../errors.js';

/** One problem in a configuration file. */
export interface ConfigIssue {
  /** Path inside the file, such as `pods[0].wipLimit`; `''` for the whole file. */
  path: string;
  message: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

/**
 * A clos.yml that cannot be used. The message names the file and every problem with its
 * path and line, ready to print as is:
 *
 * ```
 * clos.yml is invalid (1 problem):
 *   - pods[0].wipLimit (line 6, column 15): Too small: expected number to be >=1
 * ```
 */
export class ConfigError extends ClosError {
  override readonly name: string = 'ConfigError';
  readonly fileName: string;
  readonly issues: ConfigIssue[];

  constructor(fileName: string, issues: ConfigIssue[]) {
    super('InvalidInput', formatConfigIssues(fileName, issues), { fileName, issues });
    this.fileName = fileName;
    this.issues = issues;
  }
}

function formatConfigIssues(fileName: string, issues: readonly ConfigIssue[]): string {
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const lines = issues.map((issue) => {
    const where = issue.path === '' ? '(file)' : issue.path;
    const at =
      issue.line === undefined ? '' : issue.column === undefined ? ` (line ${issue.line})` : ` (line ${issue.line}, column ${issue.column})`;
    return `  - ${where}${at}: ${issue.message}`;
  });
  return `${fileName} is invalid (${count}):\n${lines.join('\n')}`;
}
