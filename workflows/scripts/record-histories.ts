/**
 * Records workflow histories for the replay test (test/replay.test.ts): runs a few
 * representative scenarios on a real Temporal server and writes each history as JSON under
 * test/histories/ as `<scenario>-<tag>.json`. Re-run after a deliberate, versioned change to
 * workflow code (a new `patched()` branch), naming the version:
 *
 *   node scripts/run-ts.mjs workflows/scripts/record-histories.ts <tag>
 *
 * A recording is never overwritten: each file is the record of what an older version of the
 * code wrote, and replaying it is what proves the old branches of every `patched()` still
 * work (pod-wip.json, project-stage.json and reconcile-statuses.json predate every patch).
 *
 * It uses TEMPORAL_ADDRESS, DATABASE_URL and DYNAMODB_ENDPOINT when set, and otherwise starts
 * a throw-away Postgres, Temporal and dynalite through @clos/devstack.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_TEMPLATES } from '@clos/domain';
import { startTestStack } from '@clos/devstack';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import {
  acquireWorkItem,
  ensureSchedules,
  overrideStage,
  releaseWorkItem,
  requestAdvance,
  resumeStage,
  setPodPolicy,
  signalDraftChanged,
  signalHeadShaChanged,
  signalMergeGroup,
  signalProject,
  submitEvidence,
  getStageState,
} from '../src/client.js';
import { podWipBatchUpdate, projectStageBatchSignal } from '../src/shared/batch-messages.js';
import { pullRequestChangedSignal, signoffSignal } from '../src/shared/project-stage-messages.js';
import { createHarness, eventually } from '../test/support/harness.js';
import type { Harness } from '../test/support/harness.js';

const OUT = fileURLToPath(new URL('../test/histories/', import.meta.url));
const REPO = 'acme/replay';

const TAG = process.argv[2] ?? '';
if (!/^[a-z0-9][a-z0-9-]*$/.test(TAG)) {
  console.error('usage: node scripts/run-ts.mjs workflows/scripts/record-histories.ts <tag>   (e.g. a patch name; files are <scenario>-<tag>.json)');
  process.exit(2);
}
const fileFor = (scenario: string): string => `${scenario}-${TAG}.json`;
for (const scenario of ['pod-wip', 'pod-wip-continue-as-new', 'project-stage', 'reconcile-statuses']) {
  if (existsSync(join(OUT, fileFor(scenario)))) {
    console.error(`${fileFor(scenario)} exists: recorded histories are kept, choose another tag`);
    process.exit(2);
  }
}

function write(file: string, history: Parameters<typeof historyToJSON>[0]): void {
  writeFileSync(join(OUT, file), `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
  console.info(`saved ${file} (${history.events?.length ?? 0} events)`);
}

async function save(h: Harness, workflowId: string, scenario: string): Promise<void> {
  write(fileFor(scenario), await h.client.workflow.getHandle(workflowId).fetchHistory());
}

/** Statuses are re-posted only when their state changes: a stage move is read from the workflow. */
async function stageReached(h: Harness, projectId: string, stageId: string): Promise<void> {
  await eventually(async () => ((await getStageState(h.client, projectId))?.stage.id === stageId ? true : undefined));
}

async function settle(h: Harness, repo: string, sha: string, context: string): Promise<void> {
  await h.github.waitForStatus({ repo, sha, context });
}

async function podScenario(h: Harness): Promise<void> {
  const podId = `replay-pod-${h.run}`;
  const start = { policy: { limit: 2, expediteQuota: 1, mode: 'enforce' as const }, taskQueue: h.taskQueue };
  const sha = (n: number, v = 0): string => `${n}${v}`.padEnd(40, 'd');
  const pr = (n: number, extra = {}) => ({ id: `gh:${REPO}#${n}`, personId: `dev${n}`, pullRequests: [{ repo: REPO, number: n, headSha: sha(n) }], ...extra });
  await acquireWorkItem(h.client, podId, pr(1), start);
  await acquireWorkItem(h.client, podId, pr(2, { linearKeys: ['REP-2'] }), start);
  await acquireWorkItem(h.client, podId, pr(3), start);
  await acquireWorkItem(h.client, podId, pr(4, { expedite: true }), start);
  await signalHeadShaChanged(h.client, podId, { repo: REPO, number: 3, headSha: sha(3, 1) }, start);
  await signalMergeGroup(h.client, podId, { repo: REPO, headSha: sha(90), pullRequestNumbers: [1, 3] }, start);
  await releaseWorkItem(h.client, podId, { id: `gh:${REPO}#1`, reason: 'merged' }, start);
  await signalDraftChanged(h.client, podId, { item: pr(2), draft: true }, start);
  await setPodPolicy(h.client, podId, { policy: { limit: 3, mode: 'warn' }, actor: 'lead', reason: 'replay' }, start);
  await acquireWorkItem(h.client, podId, pr(5, { occurredAt: '2025-01-01T00:00:00Z' }), start);
  await releaseWorkItem(h.client, podId, { id: `gh:${REPO}#5`, reason: 'closed', occurredAt: '2025-01-02T00:00:00Z' }, start);
  await acquireWorkItem(h.client, podId, pr(5, { occurredAt: '2025-01-01T00:00:00Z' }), start);
  await h.client.workflow.getHandle(`pod-wip:${podId}`).executeUpdate(podWipBatchUpdate, {
    args: [
      {
        commands: [
          { type: 'acquire', input: pr(6), eventId: 'replay-6:wip', correlationId: 'github:replay-6' },
          { type: 'headShaChanged', input: { repo: REPO, number: 6, headSha: sha(6, 1) }, eventId: 'replay-6b:wip', correlationId: 'github:replay-6b' },
          { type: 'release', input: { id: `gh:${REPO}#4`, reason: 'merged' }, eventId: 'replay-4:wip', correlationId: 'github:replay-4' },
        ],
      },
    ],
  });
  // The same event again, batched with another neighbour: applied once.
  await h.client.workflow.getHandle(`pod-wip:${podId}`).executeUpdate(podWipBatchUpdate, {
    args: [
      {
        commands: [
          { type: 'release', input: { id: `gh:${REPO}#4`, reason: 'merged' }, eventId: 'replay-4:wip', correlationId: 'github:replay-4' },
          { type: 'headShaChanged', input: { repo: REPO, number: 6, headSha: sha(6, 2) }, eventId: 'replay-6c:wip', correlationId: 'github:replay-6c' },
        ],
      },
    ],
  });
  await settle(h, REPO, sha(3, 1), 'clos/wip');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await save(h, `pod-wip:${podId}`, 'pod-wip');

  const canPod = `replay-can-${h.run}`;
  const small = { ...start, maxHistoryLength: 40 };
  const firstRun = await (async () => {
    await acquireWorkItem(h.client, canPod, pr(11), small);
    return (await h.client.workflow.getHandle(`pod-wip:${canPod}`).describe()).runId;
  })();
  for (let i = 12; i < 20; i += 1) await acquireWorkItem(h.client, canPod, pr(i), small);
  await eventually(async () => ((await h.client.workflow.getHandle(`pod-wip:${canPod}`).describe()).runId !== firstRun ? true : undefined));
  write(fileFor('pod-wip-continue-as-new'), await h.client.workflow.getHandle(`pod-wip:${canPod}`, firstRun).fetchHistory());
}

async function projectScenario(h: Harness): Promise<void> {
  const projectId = `replay-proj-${h.run}`;
  const start = { projectId, podId: 'replay', template: BUILT_IN_TEMPLATES.delivery, repos: [REPO], taskQueue: h.taskQueue, stageTimeLimitDays: 30 };
  const sha = 'e'.repeat(40);
  await signalProject(h.client, start, pullRequestChangedSignal, { repo: REPO, number: 7, headSha: sha, state: 'open' });
  await signalProject(h.client, start, projectStageBatchSignal, {
    commands: [
      { type: 'checkCompleted', input: { name: 'ci', conclusion: 'success' }, eventId: 'replay-ci:checks', correlationId: 'github:replay-ci' },
      { type: 'reviewSubmitted', input: { by: 'bob', role: 'member' }, eventId: 'replay-review:review', correlationId: 'github:replay-review' },
    ],
  });
  await signalProject(h.client, start, projectStageBatchSignal, {
    commands: [{ type: 'reviewSubmitted', input: { by: 'bob', role: 'member' }, eventId: 'replay-review:review', correlationId: 'github:replay-review' }],
  });
  await requestAdvance(h.client, projectId, { by: 'ana' }, start);
  await requestAdvance(h.client, projectId, { by: 'ana' });
  await requestAdvance(h.client, projectId, { by: 'ana' });
  await resumeStage(h.client, projectId, { by: 'lea', role: 'lead', reason: 'replay' });
  await submitEvidence(h.client, start, { criterionId: 'problem-statement', by: 'ana', value: 'why' });
  await signalProject(h.client, start, signoffSignal, { by: 'lea', role: 'lead' });
  await stageReached(h, projectId, 'discovery');
  await overrideStage(h.client, projectId, { by: 'lea', role: 'lead', reason: 'replay' });
  await stageReached(h, projectId, 'build');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await save(h, `project-stage:${projectId}`, 'project-stage');
}

async function reconcilerScenario(h: Harness): Promise<void> {
  const scheduleId = `replay-${h.run}`;
  await ensureSchedules(h.client, { taskQueue: h.taskQueue, scheduleId, reconcileEvery: '1 day' });
  const schedule = h.client.schedule.getHandle(scheduleId);
  await schedule.trigger();
  const workflowId = await eventually(async () => {
    for await (const wf of h.client.workflow.list({ query: `WorkflowType = 'reconcileStatuses' AND TaskQueue = '${h.taskQueue}' AND ExecutionStatus = 'Completed'` })) {
      return wf.workflowId;
    }
    return undefined;
  });
  await save(h, workflowId, 'reconcile-statuses');
  await schedule.delete();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  let stop: (() => Promise<void>) | undefined;
  if (process.env.TEMPORAL_ADDRESS === undefined || process.env.DATABASE_URL === undefined || process.env.DYNAMODB_ENDPOINT === undefined) {
    const { endpoints, stack } = await startTestStack(['postgres', 'temporal', 'dynalite'], mkdtempSync(join(tmpdir(), 'clos-histories-')));
    process.env.TEMPORAL_ADDRESS = endpoints.temporalAddress;
    process.env.DATABASE_URL = endpoints.databaseUrl;
    process.env.DYNAMODB_ENDPOINT = endpoints.dynamodbEndpoint;
    stop = () => stack.stop();
  }
  const h = await createHarness();
  try {
    await h.startWorker();
    await podScenario(h);
    await projectScenario(h);
    await reconcilerScenario(h);
  } finally {
    await h.close();
    await stop?.();
  }
}

await main();
