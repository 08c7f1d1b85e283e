/** What went wrong, as a code the deploy command reports and exits on. */
export type DeployErrorCode =
  | 'USAGE'
  | 'UNKNOWN_STAGE'
  | 'NO_CREDENTIALS'
  | 'PLACEHOLDER_CONFIG'
  | 'CDK_FAILED'
  | 'MISSING_OUTPUT'
  | 'MIGRATION_FAILED';

/** An expected failure of `npm run deploy`: printed as its message alone, without a stack trace. */
export class DeployError extends Error {
  readonly code: DeployErrorCode;

  constructor(code: DeployErrorCode, message: string) {
    super(message);
    this.name = 'DeployError';
    this.code = code;
  }
}
