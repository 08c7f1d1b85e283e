import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { parseClosConfig } from '@clos/domain';
import { createTestDatabase } from '@clos/devstack';
import { createOctokitGithubClient } from '@clos/github';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';
import { createDryRunLinearClient } from '@clos/linear';
import { createPool, loadConfig } from '@clos/platform';
import {
  createActivities,
  createLoggingNotifier,
  createPgRecordStore,
  createWorker,
  getWipState,
  podWipWorkflowId,
  type PodWipCommand,
} from '@clos/workflows';
import type pg from 'pg';
import { ConfigHolder } from '@clos/app';
import { TemporalWorkflowGateway } from '../src/dispatch/workflow-gateway.js';
import { WorkflowDispatcher } from '../src/dispatch/workflow-dispatcher.js';
import { podWipStart } from '@clos/app';
import { createEventProcessor, type EventProcessor } from '../src/event-processor.js';
import { event, pullRequest } from './fixtures.js';

const CONFIG = parseClosConfig(
  `
org: acme
timezone: UTC
pods:
  - id: kappa
    name: Kappa
    wipLimit: 1
    repos: [acme/kappa]
  - id: lambda
    name: Lambda
    wipLimit: 1
    repos: [acme/lambda]
`,
  'clos.yml',
);

const quiet = { info: () => undefined, warn: () => undefined };

let github: FakeGithub;
let pool: pg.Pool;
let connection: Connection;
let native: NativeConnection;
let temporal: Client;
let worker: Worker;
let running: Promise<void>;
let dispatcher: WorkflowDispatcher;
let gateway: TemporalWorkflowGateway;
let processor: EventProcessor;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed already
  }
  const { env } = loadConfig({ require: ['TEMPORAL_ADDRESS'] });
  const taskQueue = `clos-processor-test-${randomUUID()}`;
  github = await startFakeGithub();
  pool = createPool({ connectionString: await createTestDatabase(), max: 8 });
  connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  native = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const githubClient = createOctokitGithubClient({ auth: { kind: 'token', token: 't' }, baseUrl: github.url, log: quiet, writeSpacingMs: 0 });
  worker = await createWorker({
    connection: native,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue,
    activities: createActivities({
      github: githubClient,
      linear: createDryRunLinearClient({ log: quiet }),
      notifier: createLoggingNotifier(quiet),
      store: createPgRecordStore(pool),
      logger: quiet,
    }),
  });
  running = worker.run();
  const config = new ConfigHolder(CONFIG);
  gateway = new TemporalWorkflowGateway({ client: temporal, taskQueue });
  dispatcher = new WorkflowDispatcher({ gateway, config });
  processor = createEventProcessor({ config, dispatcher });
}, 120_000);

afterAll(async () => {
  await dispatcher?.close();
  for (const pod of ['kappa', 'lambda']) {
    try {
      await temporal.workflow.getHandle(podWipWorkflowId(pod)).terminate('test finished');
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
  await pool?.end();
  await github?.close();
});

describe('the processor under at-least-once delivery', () => {
  it('handles the same event delivered many times, at once and later, as once', async () => {
    const opened = event('pr.opened', { pullRequest: pullRequest({ repo: 'acme/kappa', number: 1, headSha: '1'.repeat(40) }) });
    const second = event('pr.opened', { pullRequest: pullRequest({ repo: 'acme/kappa', number: 2, headSha: '2'.repeat(40) }) }, {
      occurredAt: '2025-06-02T09:01:00.000Z',
    });
    await Promise.all([...Array.from({ length: 5 }, () => processor(opened)), processor(second)]);
    for (let i = 0; i < 3; i++) await processor(opened);
    await processor(second);

    const state = await getWipState(temporal, 'kappa');
    expect(state?.holders.map((h) => h.id)).toEqual(['gh:acme/kappa#1']);
    expect(state?.queue.map((q) => q.id)).toEqual(['gh:acme/kappa#2']);
    await github.waitForStatus({ repo: 'acme/kappa', sha: '2'.repeat(40), context: 'clos/wip', state: 'failure' });
    // One status per head: repeats changed nothing to post.
    expect(github.statuses('acme/kappa', '1'.repeat(40)).filter((s) => s.context === 'clos/wip')).toHaveLength(1);
  }, 60_000);

  it('lets Temporal drop a batch retried with the same update id', async () => {
    const start = podWipStart(CONFIG, 'lambda')!;
    const acquire = (n: number): PodWipCommand => ({
      type: 'acquire',
      input: { id: `gh:acme/lambda#${n}`, pullRequests: [{ repo: 'acme/lambda', number: n, headSha: String(n).repeat(40) }] },
    });
    const updateId = `batch:${randomUUID()}`;
    const first = await gateway.updatePod(start, [acquire(1), acquire(2)], updateId);
    const retried = await gateway.updatePod(start, [acquire(1), acquire(2)], updateId);
    expect(retried).toEqual(first);
    expect(first.map((r) => ('status' in r ? r.status : undefined))).toEqual(['granted', 'queued']);

    const history = await temporal.workflow.getHandle(podWipWorkflowId('lambda')).fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId);
    expect(accepted).toHaveLength(1);
  }, 60_000);

  it('drops routes for a pod clos.yml no longer has instead of failing the event forever', async () => {
    const config = new ConfigHolder(CONFIG);
    const local = new WorkflowDispatcher({ gateway, config });
    const handle = createEventProcessor({ config, dispatcher: local });
    const opened = event('pr.opened', { pullRequest: pullRequest({ repo: 'acme/kappa', number: 9 }) });
    // The repo still maps to kappa when routed; kappa is gone by the time the batch is sent.
    const pending = handle(opened);
    config.replace({ ...CONFIG, pods: CONFIG.pods.filter((p) => p.id !== 'kappa') });
    await expect(pending).resolves.toBeUndefined();
    await local.close();
  });
});
