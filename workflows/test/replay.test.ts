import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { cachedWorkflowBundle } from './support/bundle-cache.js';
import { quietRuntime } from './support/harness.js';

/**
 * Histories recorded from real runs (scripts/record-histories.ts) must replay against the
 * current workflow code: a change that would break running workflows fails here first.
 */
const DIR = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('recorded workflow histories', () => {
  it('are there to replay', () => {
    expect(files).toEqual(expect.arrayContaining(['pod-wip.json', 'pod-wip-continue-as-new.json', 'project-stage.json', 'reconcile-statuses.json']));
  });

  it('replay without nondeterminism', async () => {
    quietRuntime();
    const histories = files.map((file) => ({ workflowId: file, history: JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as unknown }));
    const results: { file: string; error: string | undefined }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await cachedWorkflowBundle(), replayName: 'clos-replay' }, histories)) {
      results.push({ file: result.workflowId, error: result.error === undefined ? undefined : String(result.error) });
    }
    expect(results).toEqual(files.map((file) => ({ file, error: undefined })));
  }, 120_000);
});
