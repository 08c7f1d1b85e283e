#!/usr/bin/env node
// `clos` on the PATH (npm links it as node_modules/.bin/clos): the same command as
// `npm run clos --`, run from the sources.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '../../../scripts/lib/run-node.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
runNode([join(root, 'scripts/run-ts.mjs'), join(root, 'apps/cli/src/main.ts'), ...process.argv.slice(2)]);
