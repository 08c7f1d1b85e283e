import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { cachedWorkflowBundle } from './support/bundle-cache.js';
import { quietRuntime } from './support/harness.js';

/**
 * Histories recorded from real runs (workflows/scripts/record-histories.ts) must replay against
 * the current workflow code: a change that would break running workflows fails here first.
 * The plain files predate every `patched()` call; the `-with-patches` ones were recorded with
 * every patch in place, so together they drive both branches of each.
 */
const DIR = fileURLToPath(new URL('./histories/', import.meta.url));
const SOURCES = fileURLToPath(new URL('../src/workflows/', import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

interface RecordedHistory {
  file: string;
  workflowType: string;
  /** Ids of the patches whose markers the run recorded. */
  patches: Set<string>;
}

type HistoryEvent = {
  eventType: string;
  workflowExecutionStartedEventAttributes?: { workflowType: { name: string } };
  markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads?: { data?: string }[] }> };
};

function readHistory(file: string): RecordedHistory {
  const { events } = JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as { events: HistoryEvent[] };
  const patches = new Set<string>();
  for (const event of events) {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    if (data !== undefined) patches.add((JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: string }).id);
  }
  return { file, workflowType: events[0]?.workflowExecutionStartedEventAttributes?.workflowType.name ?? '?', patches };
}

/** Every `patched(ID)` of the workflow code, ID resolved to the string constant it names. */
function patchIdsInSource(): string[] {
  const ids = new Set<string>();
  for (const file of readdirSync(SOURCES).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = readFileSync(`${SOURCES}${file}`, 'utf8');
    for (const [, arg] of text.matchAll(/\bpatched\(\s*([A-Za-z_$][\w$]*|'[^']+')\s*\)/g)) {
      const literal = /^'(.+)'$/.exec(arg!)?.[1];
      const constant = new RegExp(`const\\s+${arg}\\s*=\\s*'([^']+)'`).exec(text)?.[1];
      const id = literal ?? constant;
      if (id === undefined) throw new Error(`${file}: cannot resolve the patch id ${arg}`);
      ids.add(id);
    }
  }
  return [...ids].sort();
}

describe('recorded workflow histories', () => {
  it('are there to replay', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'pod-wip.json',
        'pod-wip-continue-as-new.json',
        'project-stage.json',
        'reconcile-statuses.json',
        'pod-wip-with-patches.json',
        'pod-wip-continue-as-new-with-patches.json',
        'project-stage-with-patches.json',
        'reconcile-statuses-with-patches.json',
        'project-stage-stage-status-kind.json',
        'pod-wip-event-ids.json',
        'pod-wip-continue-as-new-event-ids.json',
        'project-stage-event-ids.json',
        'reconcile-statuses-event-ids.json',
      ]),
    );
  });

  it('drive both branches of every patched() in the workflow code', () => {
    const histories = files.map(readHistory);
    const ids = patchIdsInSource();
    expect(ids).toEqual(expect.arrayContaining(['adopt-open-pull-requests', 'live-projections', 'pod-wip-statuses-with-record', 'statuses-on-state-change', 'stage-status-kind', 'event-ids-applied-once']));
    const coverage = ids.map((id) => {
      const patchedRuns = histories.filter((h) => h.patches.has(id));
      const types = new Set(patchedRuns.map((h) => h.workflowType));
      // A run of the same workflow recorded before the patch replays its old branch.
      const unpatchedRuns = histories.filter((h) => types.has(h.workflowType) && !h.patches.has(id));
      return { id, patched: patchedRuns.length > 0, unpatched: unpatchedRuns.length > 0 };
    });
    expect(coverage).toEqual(ids.map((id) => ({ id, patched: true, unpatched: true })));
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
