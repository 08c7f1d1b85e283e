#!/usr/bin/env node
// Runs a TypeScript entry from source: node scripts/run-ts.mjs <entry.ts> [args…]
// (`npm run migrate`, `npm run bench`). Installs the npm dependencies first if needed.
import { resolve } from 'node:path';
import { ensureNodeModules } from './lib/node-modules.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';
import { repoRoot, tsNodeArgs } from './lib/paths.mjs';
import { runNode } from './lib/run-node.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]');
  process.exit(2);
}
await ensureNodeRuntime(repoRoot);
ensureNodeModules(repoRoot);
runNode([...tsNodeArgs, resolve(repoRoot, entry), ...args]);
