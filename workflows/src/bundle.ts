import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** The workflow entry next to this module: sources when run from src, built code from dist. */
export function workflowsEntry(): string {
  for (const name of ['./workflows/index.ts', './workflows/index.js']) {
    const path = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`no workflow entry next to ${fileURLToPath(import.meta.url)}`);
}

let cached: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * Bundles the workflow code once per process (webpack is slow; workers and tests share the
 * result). `@clos/*` packages resolve to their TypeScript sources through the
 * `@clos/source` export condition, and `./x.js` imports to `./x.ts`, so the bundle needs no
 * prior build.
 */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  cached ??= bundleWorkflowCode({
    workflowsPath: workflowsEntry(),
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        conditionNames: ['@clos/source', '...'],
        extensionAlias: { '.js': ['.ts', '.js'], ...config.resolve?.extensionAlias },
      },
    }),
    logger: quietLogger,
  }).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** webpack's report is long; only problems are worth printing. */
const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};
