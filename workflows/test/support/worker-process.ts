/**
 * A worker in a process of its own, for the test that kills one mid-run (SIGKILL: no
 * drain, no goodbye). Configured by the parent through the environment; prints `ready`
 * once polling.
 */
import { createOctokitGithubClient } from '@clos/github';
import { createSdkLinearClient } from '@clos/linear';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { createActivities } from '../../src/activities/create-activities.js';
import { createLoggingNotifier } from '../../src/activities/logging-notifier.js';
import { createPgRecordStore } from '../../src/activities/pg-store.js';
import { cachedWorkflowBundle } from './bundle-cache.js';

function need(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

const quiet = { info: () => undefined, warn: () => undefined };
Runtime.install({ logger: new DefaultLogger('ERROR') });
const address = need('TEMPORAL_ADDRESS');
const pool = new pg.Pool({ connectionString: need('DATABASE_URL'), max: 2 });
const client = new Client({ connection: await Connection.connect({ address }) });
const worker = await Worker.create({
  connection: await NativeConnection.connect({ address }),
  taskQueue: need('CLOS_TEST_TASK_QUEUE'),
  workflowBundle: await cachedWorkflowBundle(),
  activities: createActivities({
    github: createOctokitGithubClient({ auth: { kind: 'token', token: 't' }, baseUrl: need('CLOS_TEST_GITHUB_URL'), log: quiet, writeSpacingMs: 0 }),
    linear: createSdkLinearClient({ apiKey: 'lin_test', apiUrl: need('CLOS_TEST_LINEAR_URL') }),
    notifier: createLoggingNotifier(quiet),
    store: createPgRecordStore(pool),
    logger: quiet,
    temporal: client,
  }),
});
const running = worker.run();
console.log('ready');
await running;
