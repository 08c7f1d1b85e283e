import { randomUUID } from 'node:crypto';
import { createOctokitGithubClient } from '@clos/github';
import { startFakeGithub } from '@clos/github/testing';
import type { FakeGithub } from '@clos/github/testing';
import { createSdkLinearClient } from '@clos/linear';
import { createDynamoClient, DynamoProjectionStore, ensureDynamoTables } from '@clos/platform';
import { startFakeLinear } from '@clos/linear/testing';
import type { FakeLinear } from '@clos/linear/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { cachedWorkflowBundle } from './bundle-cache.js';
import { createActivities } from '../../src/activities/create-activities.js';
import { explainUrlFor } from '../../src/activities/explain-url.js';
import { createPgRecordStore } from '../../src/activities/pg-store.js';
import type { ActivityLogger, Notifier } from '../../src/activities/ports.js';
import type { ClosActivities, Notification } from '../../src/activities/types.js';

/** Where the test stack's services are; the jest global setup exports them. */
function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run the tests through jest (its global setup starts the stack)`);
  return value;
}

/** A notifier that keeps what it was asked to send. */
export interface RecordingNotifier extends Notifier {
  readonly sent: Notification[];
}

export function createRecordingNotifier(): RecordingNotifier {
  const sent: Notification[] = [];
  return {
    sent,
    notify: (notification) => {
      sent.push(notification);
      return Promise.resolve();
    },
  };
}

const quiet: ActivityLogger = { info: () => undefined, warn: () => undefined };

/** A worker running in the background; `stop` drains it. */
export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/**
 * Everything a workflow test needs, all real: a Temporal client and workers on a task queue
 * of its own, local GitHub and Linear stand-ins behind the production clients, and the
 * shared test database behind the Postgres record store.
 */
export interface Harness {
  readonly client: Client;
  readonly taskQueue: string;
  readonly github: FakeGithub;
  readonly linear: FakeLinear;
  readonly pool: pg.Pool;
  readonly notifier: RecordingNotifier;
  readonly activities: ClosActivities;
  /** The live views the workflows write (dynalite); keys are pod and project ids, unique per file. */
  readonly projections: DynamoProjectionStore;
  /** A unique suffix for ids made in this file. */
  readonly run: string;
  startWorker(): Promise<RunningWorker>;
  /** Seeds an org, a pod and optionally projects so records with foreign keys are kept. */
  seedPod(podId: string, projects?: { id: string; templateId: string }[]): Promise<void>;
  close(): Promise<void>;
}

/** Worker lifecycle chatter drowns test output; keep warnings and errors. */
export function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process.
  }
}

export async function createHarness(): Promise<Harness> {
  quietRuntime();
  const run = randomUUID().slice(0, 8);
  const taskQueue = `clos-test-${run}`;
  const [github, linear] = await Promise.all([startFakeGithub(), startFakeLinear({ apiKeys: ['lin_test'] })]);
  const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 5 });
  const notifier = createRecordingNotifier();
  const address = env('TEMPORAL_ADDRESS');
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace: 'default' });
  const dynamo = createDynamoClient({ endpoint: env('DYNAMODB_ENDPOINT'), region: process.env.AWS_REGION ?? 'us-east-1' });
  // One table for every workflow test file: their pod and project ids never collide.
  const tables = await ensureDynamoTables(dynamo, 'clos-workflows-test');
  const projections = new DynamoProjectionStore({ client: dynamo, tableName: tables.projections });
  const activities = createActivities({
    github: createOctokitGithubClient({ auth: { kind: 'token', token: 'test-token' }, baseUrl: github.url, log: quiet, writeSpacingMs: 0 }),
    linear: createSdkLinearClient({ apiKey: 'lin_test', apiUrl: linear.url }),
    notifier,
    store: createPgRecordStore(pool),
    logger: quiet,
    temporal: client,
    explainUrl: explainUrlFor('http://clos.test'),
    projections,
  });
  const workers = new Set<RunningWorker>();

  return {
    client,
    taskQueue,
    github,
    linear,
    pool,
    notifier,
    activities,
    projections,
    run,
    async startWorker() {
      const connection = await NativeConnection.connect({ address });
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowBundle: await cachedWorkflowBundle(),
        activities,
        // Two cores are shared by the whole test run.
        maxConcurrentWorkflowTaskExecutions: 10,
        maxConcurrentActivityTaskExecutions: 20,
      });
      const running = worker.run();
      const handle: RunningWorker = {
        worker,
        async stop() {
          workers.delete(handle);
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
          await connection.close();
        },
      };
      workers.add(handle);
      return handle;
    },
    async seedPod(podId, projects = []) {
      await pool.query(`INSERT INTO orgs (id, name) VALUES ('acme', 'Acme') ON CONFLICT DO NOTHING`);
      await pool.query(`INSERT INTO pods (id, org_id, name, wip_limit) VALUES ($1, 'acme', $1, 2) ON CONFLICT DO NOTHING`, [podId]);
      for (const project of projects) {
        await pool.query(
          `INSERT INTO stage_templates (id, name, definition, built_in) VALUES ($1, $1, '{}', true) ON CONFLICT DO NOTHING`,
          [project.templateId],
        );
        await pool.query(
          `INSERT INTO projects (id, pod_id, template_id, name) VALUES ($1, $2, $3, $1) ON CONFLICT DO NOTHING`,
          [project.id, podId, project.templateId],
        );
      }
    },
    async close() {
      // Workflows of this file must not outlive it on the shared server.
      for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'` })) {
        await client.workflow
          .getHandle(execution.workflowId)
          .terminate('test finished')
          .catch(() => undefined);
      }
      for (const worker of [...workers]) await worker.stop();
      await clientConnection.close();
      await Promise.all([github.close(), linear.close(), pool.end()]);
      dynamo.destroy();
    },
  };
}

/** Polls `probe` until it returns a value other than `undefined`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last !== undefined ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
