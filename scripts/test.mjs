#!/usr/bin/env node
// `npm test [-- jest args…]`: installs what is missing on a fresh clone (npm
// dependencies, the pinned Python tools), then runs jest in ESM mode. The exit
// status is jest's.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNodeModules } from './lib/node-modules.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';
import { repoRoot, tsNodeArgs } from './lib/paths.mjs';
import { runNode } from './lib/run-node.mjs';

await ensureNodeRuntime(repoRoot);
ensureNodeModules(repoRoot);

const tools = spawnSync(process.execPath, [...tsNodeArgs, join(repoRoot, 'services/devstack/src/ensure-tools-cli.ts')], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (tools.status !== 0) process.exit(tools.status ?? 1);

runNode(
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    join(repoRoot, 'node_modules/jest/bin/jest.js'),
    ...process.argv.slice(2),
  ],
  { cwd: repoRoot },
);
