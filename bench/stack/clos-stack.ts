import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { buildServer } from '@clos/api';
import { parseClosConfig } from '@clos/domain';
import { createOctokitGithubClient } from '@clos/github';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';
import { createSdkLinearClient } from '@clos/linear';
import { startFakeLinear } from '@clos/linear/testing';
import {
  createDynamoClient,
  createPool,
  DynamoIdempotencyStore,
  DynamoProjectionStore,
  ensureDynamoTables,
  OutboxBus,
  OutboxDeliveryIntake,
  OutboxConsumer,
  syncConfigToDb,
} from '@clos/platform';
import { ConfigHolder, createSubjectResolver, startProcessor, type ProcessorRuntime } from '@clos/processor';
import { createActivities, createLoggingNotifier, createPgRecordStore, createWorker, explainUrlFor } from '@clos/workflows';
import type { LocalStack } from './local-stack.js';
import type { Warnings } from './warnings.js';

/** The secret the api verifies GitHub deliveries with (the load generators sign with it). */
export const BENCH_GITHUB_SECRET = 'bench-github-webhook-secret';
const BENCH_LINEAR_SECRET = 'bench-linear-webhook-secret';

/** Events the processor handles at once: the processor service's own setting. */
const CONSUMER_CONCURRENCY = 64;

/**
 * How the GitHub client is configured for the run: no artificial spacing between writes and
 * the throttling plugin's scheduler off (it costs 10-20 ms a call); retries of 5xx stay on.
 */
export const GITHUB_CLIENT_TUNING = { writeSpacingMs: 0, throttling: false, serverErrorBackoffMs: 20 } as const;

/** api, processor and worker of CLOS in this process, against the real local servers and the GitHub / Linear stand-ins. */
export interface ClosStack {
  apiUrl: string;
  github: FakeGithub;
  /** A pool for the benchmark's own queries (backlog samples). */
  pool: pg.Pool;
  /** Starts consuming the outbox; the ingest run measures the api while the processor is idle. */
  startProcessor(): void;
  /** Events not yet handled: pending and processing rows of the outbox. */
  backlog(): Promise<{ pending: number; processing: number; dead: number; done: number }>;
  close(): Promise<void>;
}

/**
 * Wires CLOS as three services would run it — each with a pool of its own — but in one
 * process: the api (`buildServer`) listening on 127.0.0.1, the outbox processor and a
 * Temporal worker, all on one Temporal task queue of this run.
 */
export async function startClosStack(stack: LocalStack, closYml: string, warnings: Warnings): Promise<ClosStack> {
  forwardTemporalWarnings(warnings);
  const { databaseUrl, temporalAddress, dynamodbEndpoint } = stack.endpoints;
  const cleanups: (() => Promise<unknown> | void)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    const pool = (name: string, max: number): pg.Pool => {
      const created = createPool({ connectionString: databaseUrl, max, applicationName: `clos-bench-${name}` });
      cleanups.push(() => created.end());
      return created;
    };
    const apiPool = pool('api', 10);
    const processorPool = pool('processor', 20);
    const workerPool = pool('worker', 10);
    const benchPool = pool('bench', 2);

    const closConfig = parseClosConfig(closYml, 'clos.yml');
    await syncConfigToDb(processorPool, closConfig);
    const config = new ConfigHolder(closConfig);

    const github = await startFakeGithub();
    cleanups.push(() => github.close());
    const linear = await startFakeLinear();
    cleanups.push(() => linear.close());
    const githubClient = createOctokitGithubClient({
      auth: { kind: 'token', token: 'ghp_bench' },
      baseUrl: github.url,
      log: warnings.fieldsLogger('github'),
      ...GITHUB_CLIENT_TUNING,
    });
    const linearClient = createSdkLinearClient({ apiKey: 'lin_bench', apiUrl: linear.url });

    const dynamo = createDynamoClient({ endpoint: dynamodbEndpoint, region: 'us-east-1' });
    cleanups.push(() => dynamo.destroy());
    const tables = await ensureDynamoTables(dynamo, `clos-bench-${randomUUID().slice(0, 8)}`);
    const idempotency = new DynamoIdempotencyStore({ client: dynamo, tableName: tables.idempotency });
    const projections = new DynamoProjectionStore({ client: dynamo, tableName: tables.projections });

    const connection = await Connection.connect({ address: temporalAddress });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace: 'default' });
    const taskQueue = `clos-bench-${randomUUID()}`;

    const api: FastifyInstance = await buildServer({
      healthChecks: [],
      webhooks: {
        bus: new OutboxBus({ db: apiPool }),
        idempotency,
        // From the policy in memory only: a PR's project through its Linear issue is the processor's to find.
        enrichSubject: createSubjectResolver({ config }),
        intake: new OutboxDeliveryIntake({ db: apiPool }),
        githubWebhookSecret: BENCH_GITHUB_SECRET,
        linearWebhookSecret: BENCH_LINEAR_SECRET,
        logger: warnings.logger('api'),
      },
      explain: { temporal, config, github: githubClient, access: { db: apiPool } },
    });
    const address = await api.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => api.close());
    const apiUrl = address.replace('0.0.0.0', '127.0.0.1');

    const native = await NativeConnection.connect({ address: temporalAddress });
    cleanups.push(() => native.close());
    const activityLogger = warnings.fieldsLogger('worker');
    const worker: Worker = await createWorker({
      connection: native,
      namespace: 'default',
      taskQueue,
      activities: createActivities({
        github: githubClient,
        linear: linearClient,
        notifier: createLoggingNotifier(activityLogger),
        store: createPgRecordStore(workerPool),
        logger: activityLogger,
        temporal,
        explainUrl: explainUrlFor(apiUrl),
        // As in production: the workflows keep the live views in DynamoDB.
        projections,
        config: () => config.current(),
      }),
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    let processor: ProcessorRuntime | undefined;
    cleanups.push(() => processor?.stop());
    const processorLogger = warnings.logger('processor');

    return {
      apiUrl,
      github,
      pool: benchPool,
      startProcessor: () => {
        processor ??= startProcessor({
          config,
          temporal,
          taskQueue,
          consumer: new OutboxConsumer({ pool: processorPool, concurrency: CONSUMER_CONCURRENCY, logger: processorLogger }),
          github: githubClient,
          linear: linearClient,
          projections,
          pool: processorPool,
          publicUrl: apiUrl,
          logger: processorLogger,
        });
      },
      backlog: async () => {
        const { rows } = await benchPool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM events GROUP BY status');
        const of = (status: string): number => Number(rows.find((r) => r.status === status)?.n ?? 0);
        return { pending: of('pending'), processing: of('processing'), dead: of('dead'), done: of('done') };
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Temporal's worker logs every state change at INFO; the benchmark keeps its warnings (such
 * as a workflow task taking over 5 s), including the native core's, with the others.
 */
function forwardTemporalWarnings(warnings: Warnings): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => warnings.add(JSON.stringify({ service: 'temporal', level: entry.level, msg: entry.message, ...entry.meta }))),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // Already installed.
  }
}
