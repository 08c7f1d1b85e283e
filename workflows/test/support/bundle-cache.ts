import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from '../../src/bundle.js';

/** Everything the workflow bundle is built from, to key the cache on. */
const SOURCES = ['../../src', '../../../services/domain/src'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function sourceHash(): string {
  const hash = createHash('sha256');
  // The SDK's own workflow runtime is bundled too.
  hash.update(readFileSync(fileURLToPath(new URL('../../../node_modules/@temporalio/workflow/package.json', import.meta.url))));
  for (const file of SOURCES.flatMap(sourceFiles).sort()) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The workflow bundle, built once per source state and shared by every test file of a run
 * (and the next run, while the sources are unchanged): webpack takes tens of seconds on a
 * busy machine, the tests themselves far less.
 */
export async function cachedWorkflowBundle(): Promise<WorkflowBundle> {
  const path = join(tmpdir(), `clos-workflow-bundle-${sourceHash()}.js`);
  if (existsSync(path)) return { code: readFileSync(path, 'utf8') };
  const bundle = await bundleWorkflows();
  // Rename is atomic: a parallel test file reads the old state or the whole new file.
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, bundle.code);
  renameSync(partial, path);
  return { code: bundle.code };
}
