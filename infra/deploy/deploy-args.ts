import { parseArgs } from 'node:util';
import { STAGE_NAMES } from '../lib/config.js';
import { DeployError } from './deploy-error.js';

/** What `npm run deploy -- …` was asked to do. */
export interface DeployOptions {
  readonly stage: string;
  readonly dryRun: boolean;
  readonly help: boolean;
}

/** The command's help text. */
export const DEPLOY_USAGE = `usage: npm run deploy -- [--stage <name>] [--dry-run]

  --stage <name>  stage to deploy: ${STAGE_NAMES.join(', ')} (default: dev)
  --dry-run       synthesize and print what would change, deploy nothing. With AWS
                  credentials the diff is against the deployed stacks; without, against
                  the templates of the last deploy from this checkout (or nothing).
  --help          this text

A deploy bootstraps the account when needed, builds and pushes the images, deploys the
network, data, messaging and migrations stacks, runs the migration task, deploys the
services and prints the webhook URLs to register.`;

/** Parses the command line; throws a USAGE {@link DeployError} naming what is wrong. */
export function parseDeployArgs(argv: readonly string[]): DeployOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        stage: { type: 'string', default: 'dev' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new DeployError('USAGE', `${(error as Error).message}\n\n${DEPLOY_USAGE}`);
  }
  const { stage, help } = parsed.values;
  if (!stage) throw new DeployError('USAGE', `--stage needs a name\n\n${DEPLOY_USAGE}`);
  return { stage, dryRun: parsed.values['dry-run'], help };
}
