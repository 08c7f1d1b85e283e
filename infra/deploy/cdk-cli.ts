import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { DeployError } from './deploy-error.js';

const require = createRequire(import.meta.url);
/** The pinned CDK CLI of this workspace (not whatever `cdk` is on PATH). */
const CDK_BIN = require.resolve('aws-cdk/bin/cdk');

/** Runs the CDK CLI in `cwd` (the infra package) with inherited output; rejects on failure. */
export function runCdk(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CDK_BIN, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: 'inherit',
    });
    child.on('error', (error) => reject(new DeployError('CDK_FAILED', `cdk ${args[0]}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new DeployError('CDK_FAILED', `cdk ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}
