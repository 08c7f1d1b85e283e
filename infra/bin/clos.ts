#!/usr/bin/env node
/**
 * The CDK app. The only place that reads the environment: which stage, which account and
 * region, and an optional certificate override. Without AWS credentials the account is
 * unknown and the stacks synthesize environment-agnostic, so `cdk synth` works offline.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { addClosStacks, stageConfig } from '../lib/index.js';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? process.env.CLOS_STAGE ?? 'dev');
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION ?? 'us-east-1';
const certificateArn = process.env.CLOS_CERTIFICATE_ARN?.trim() || undefined;

addClosStacks(app, {
  config: stageConfig(stage),
  sourceRoot: repositoryRoot(dirname(fileURLToPath(import.meta.url))),
  env: account ? { account, region } : { region },
  ...(certificateArn ? { certificateArn } : {}),
});

/** The nearest directory above `from` holding package-lock.json (from source or from dist/). */
function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package-lock.json'))) return dir;
  }
  throw new Error(`no package-lock.json above ${from}`);
}
