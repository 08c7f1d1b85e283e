#!/usr/bin/env node
// `npm run up`: installs the npm dependencies if missing, then runs the local
// supervisor (services/devstack/src/up.ts) — Postgres, Temporal, dynalite,
// migrations, api, processor, worker (and, for the demo organisation, demo
// traffic; `-- --demo` / `-- --no-demo` decide) — until Ctrl-C.
import { join } from 'node:path';
import { ensureNodeModules } from './lib/node-modules.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';
import { repoRoot, tsNodeArgs } from './lib/paths.mjs';
import { runNode } from './lib/run-node.mjs';

await ensureNodeRuntime(repoRoot);
ensureNodeModules(repoRoot);
runNode([...tsNodeArgs, join(repoRoot, 'services/devstack/src/up.ts'), ...process.argv.slice(2)]);
