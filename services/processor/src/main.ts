import { readFile } from 'node:fs/promises';
import { LivePolicy, readPolicyVersion } from '@clos/app';
import { bootOrExit, createBusFromConfig, createDynamoStoresFromConfig, createLogger, createPool, loadConfig, temporalConnectionOptions } from '@clos/platform';
import { integrationClientsFromEnv } from '@clos/workflows';
import { Client, Connection } from '@temporalio/client';
import { startProcessor } from './processor-runtime.js';

/** Events handled at once: enough for bursts to coalesce into batches per workflow. */
const CONSUMER_CONCURRENCY = 64;

/**
 * The processor process: consumes domain events from the bus and routes each to its
 * Temporal workflow, coalesced per workflow. Runs with the live policy from Postgres (seeded
 * from clos.yml) and publishes a new version when the config repository changes. Runs until
 * SIGINT/SIGTERM, then drains.
 */
async function main(): Promise<void> {
  const config = loadConfig({ require: ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'CLOS_CONFIG'], service: 'processor' });
  const { env } = config;
  const logger = createLogger({ service: 'processor', level: env.LOG_LEVEL });
  const pool = createPool({ connectionString: env.DATABASE_URL, auditChainKey: env.AUDIT_CHAIN_KEY, applicationName: 'clos-processor', logger, max: 20 });
  // The policy in force is the latest version in Postgres; the deploy-time file only seeds it (ADR 0017).
  const policy = await LivePolicy.start({ pool, seed: { config: config.clos, text: await readFile(config.closConfigPath, 'utf8') }, logger });
  const stores = createDynamoStoresFromConfig(config);
  if (env.DYNAMODB_ENDPOINT !== undefined) await stores.ensureTables();
  const { github, linear } = integrationClientsFromEnv(env, logger);
  const connection = await Connection.connect(temporalConnectionOptions(env));
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const bus = createBusFromConfig(config, { pool, logger });

  const processor = startProcessor({
    config: policy,
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    consumer: bus.createConsumer({ concurrency: CONSUMER_CONCURRENCY }),
    github,
    linear,
    projections: stores.projections,
    pool,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    logger,
  });
  // A version published while no processor ran (a restart with a new file) still reaches the workflows; replicas dedupe.
  const previous = await readPolicyVersion(pool, policy.version() - 1);
  if (previous !== undefined) void processor.policyFollower?.apply(previous.config, policy.current(), policy.version());
  logger.info({ temporal: env.TEMPORAL_ADDRESS, bus: bus.kind, taskQueue: env.TEMPORAL_TASK_QUEUE, policyVersion: policy.version() }, 'started');

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => resolve(name));
  });
  logger.info({ signal }, 'stopping');
  await processor.stop();
  await policy.stop();
  await Promise.allSettled([pool.end(), connection.close()]);
  stores.client.destroy();
  process.exit(0);
}

void bootOrExit(main);
