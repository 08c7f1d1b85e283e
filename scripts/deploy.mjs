#!/usr/bin/env node
// `npm run deploy -- [--stage <name>] [--dry-run]`: deploys CLOS to AWS with the CDK app in
// infra/, or with --dry-run prints what would change (works offline, without credentials).
// The work is done by infra/deploy/deploy.ts; this entry point installs what is missing and
// turns its failures into a message and an exit status.
import { join } from 'node:path';
import { ensureNodeModules } from './lib/node-modules.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';
import { repoRoot } from './lib/paths.mjs';

await ensureNodeRuntime(repoRoot);
ensureNodeModules(repoRoot);

const { tsImport } = await import('tsx/esm/api');
const { deploy } = await tsImport(join(repoRoot, 'infra/deploy/deploy.ts'), import.meta.url);

try {
  await deploy(process.argv.slice(2), { CLOS_CERTIFICATE_ARN: process.env.CLOS_CERTIFICATE_ARN });
} catch (error) {
  if (error instanceof Error && error.name === 'DeployError') {
    console.error(`deploy: ${error.message}`);
    process.exit('code' in error && error.code === 'USAGE' ? 2 : 1);
  }
  throw error;
}
