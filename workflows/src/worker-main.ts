import { readFile } from 'node:fs/promises';
import {
  bootOrExit,
  createDynamoStoresFromConfig,
  createLogger,
  createPool,
  LivePolicy,
  loadConfig,
  readLatestPolicyNumber,
  temporalConnectionOptions,
  createPgDemoStore,
  createPgStandupStore,
  dataKeyringFromEnv,
} from '@clos/platform';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createSlackNotifier } from '@clos/slack';
import { podById } from '@clos/domain';
import { createActivities, createHealthActivities, createLeadershipActivities, createPgRecordStore, createStandupActivities, explainUrlFor } from './activities/index.js';
import { ensureHealthSchedule, ensureSchedules, ensureStandupSchedules, followLeadershipSchedules, scanPodHealthNow } from './client.js';
import { integrationClientsFromEnv } from './integration-clients.js';
import { createWorker } from './worker.js';
import { createDigestActivitiesFromEnv, followDigestSchedules } from './digests/index.js';

/**
 * The worker process: runs the CLOS workflows and activities on the task queue, and makes
 * sure the status reconciler's schedule exists. Runs until SIGINT/SIGTERM, then drains.
 */
async function main(): Promise<void> {
  const config = loadConfig({ require: ['TEMPORAL_ADDRESS', 'DATABASE_URL'], service: 'worker' });
  const { env } = config;
  const logger = createLogger({ service: 'worker', level: env.LOG_LEVEL });
  const pool = createPool({ connectionString: env.DATABASE_URL, auditChainKey: env.AUDIT_CHAIN_KEY, applicationName: 'clos-worker', logger });
  // The live policy from Postgres (seeded from CLOS_CONFIG when given); none yet and no file: no pods.
  const policy =
    config.clos !== undefined || (await readLatestPolicyNumber(pool)) > 0
      ? await LivePolicy.start({
          pool,
          logger,
          ...(config.clos !== undefined && config.closConfigPath !== undefined
            ? { seed: { config: config.clos, text: await readFile(config.closConfigPath, 'utf8') } }
            : {}),
        })
      : undefined;
  const clos = () => policy?.current();
  const { github, linear, githubDryRun } = integrationClientsFromEnv(env, logger);
  // Live views for the Slack bot and the dashboard (DynamoDB; dynalite locally).
  const dynamo = createDynamoStoresFromConfig(config);
  if (env.DYNAMODB_ENDPOINT !== undefined) await dynamo.ensureTables();
  const connection = await Connection.connect(temporalConnectionOptions(env));
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const native = await NativeConnection.connect(temporalConnectionOptions(env));
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  // Slack when SLACK_BOT_TOKEN is set, else a dry run that logs each message.
  const slack = createSlackNotifier({
    botToken: env.SLACK_BOT_TOKEN,
    apiUrl: env.SLACK_API_URL,
    db: pool,
    channelFor: (podId) => {
      const current = clos();
      return current !== undefined ? podById(current, podId)?.slackChannel : undefined;
    },
    logger,
  });

  const worker = await createWorker({
    connection: native,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities: {
      ...createActivities({
        github,
        linear,
        notifier: slack,
        store: createPgRecordStore(pool),
        logger,
        temporal: client,
        explainUrl: explainUrlFor(publicUrl),
        projections: dynamo.projections,
        config: clos,
      }),
      ...createHealthActivities({ db: pool, temporal: client, logger, circuitBreaker: { pool, records: createPgRecordStore(pool), notifier: slack } }),
      ...createStandupActivities({
        config: clos,
        standups: createPgStandupStore(pool),
        demos: createPgDemoStore(pool),
        messenger: slack,
        logger,
      }),
      ...createDigestActivitiesFromEnv({ env, pool, config: clos, messenger: slack, publicUrl, logger }),
      // Reviews and decisions due read the person's encrypted records: the worker holds the data key too.
      ...createLeadershipActivities({ config: clos, db: pool, dataKeys: dataKeyringFromEnv(env), messenger: slack, logger }),
    },
  });
  await ensureSchedules(client, { taskQueue: env.TEMPORAL_TASK_QUEUE });
  await ensureHealthSchedule(client, { taskQueue: env.TEMPORAL_TASK_QUEUE });
  // Pods get a score at once rather than up to an hour after boot; this worker runs it as soon as it polls.
  await scanPodHealthNow(client, { taskQueue: env.TEMPORAL_TASK_QUEUE });
  const current = clos();
  if (current !== undefined) await ensureStandupSchedules(client, current, { taskQueue: env.TEMPORAL_TASK_QUEUE });
  const followed = { current: clos, ...(policy !== undefined ? { onChange: (listener: Parameters<typeof policy.onChange>[0]) => policy.onChange(listener) } : {}) };
  await followDigestSchedules(client, followed, env.TEMPORAL_TASK_QUEUE, logger);
  await followLeadershipSchedules(client, followed, env.TEMPORAL_TASK_QUEUE, logger);
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => {
      logger.info({ signal: name }, 'stopping');
      worker.shutdown();
    });
  }
  logger.info(
    { temporal: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, githubDryRun },
    'started',
  );
  try {
    await worker.run();
  } finally {
    await policy?.stop();
    await Promise.allSettled([pool.end(), native.close(), connection.close()]);
  }
  process.exit(0);
}

void bootOrExit(main);
