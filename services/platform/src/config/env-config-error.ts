import { ClosError } from '@clos/domain';

/** One bad environment variable. */
export interface EnvIssue {
  variable: string;
  message: string;
}

/** The environment is missing a variable or holds a bad value. */
export class EnvConfigError extends ClosError {
  override readonly name = 'EnvConfigError';
  readonly issues: EnvIssue[];

  constructor(issues: EnvIssue[]) {
    const lines = issues.map((i) => `  ${i.variable}: ${i.message}`);
    super('InvalidInput', `Invalid environment:\n${lines.join('\n')}`, { issues });
    this.issues = issues;
  }
}
