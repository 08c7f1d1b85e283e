import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  appendAudit,
  awsClientOptions,
  bootOrExit,
  CoalescingBus,
  createBusFromConfig,
  createDeadLettersFromConfig,
  createDynamoStoresFromConfig,
  createLogger,
  createPool,
  createAuditCheckpointStore,
  startAuditCheckpointer,
  loadConfig,
  OutboxDeliveryIntake,
  temporalConnectionOptions,
} from '@clos/platform';
import { createGithubOAuthLogin } from '@clos/github';
import { RepositoryReaders } from './explain/index.js';
import { createSubjectResolver, LivePolicy } from '@clos/app';
import { integrationClientsFromEnv } from '@clos/workflows';
import { Client, Connection } from '@temporalio/client';
import { dynamoHealthCheck, postgresHealthCheck, temporalHealthCheck } from './health-checks.js';
import { findDashboardDir } from './dashboard/index.js';
import { createApiMetrics } from './metrics/index.js';
import { dataKeyringFromEnv } from './leadership/index.js';
import { buildServer } from './server.js';
import { createSlackBot } from './slack/index.js';

/** The api process: HTTP server on PORT, stopped cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig({ require: ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'CLOS_CONFIG'], service: 'api' });
  const { env } = config;
  const dataKeys = dataKeyringFromEnv(env);
  const logger = createLogger({ service: 'api', level: env.LOG_LEVEL });
  const pool = createPool({ connectionString: env.DATABASE_URL, auditChainKey: env.AUDIT_CHAIN_KEY, applicationName: 'clos-api', logger });
  // The audit chain's head, anchored outside the database every minute (a file locally, S3 in AWS).
  const auditCheckpoints = createAuditCheckpointStore(env);
  const stopCheckpointer = startAuditCheckpointer({ db: pool, store: auditCheckpoints, logger });
  // Lazy: the api comes up (and reports 503) while Temporal is still starting or down.
  // No retry interceptor: a health probe answers from one attempt.
  const temporalProbe = Connection.lazy({ ...temporalConnectionOptions(env), interceptors: [] });
  const dynamo = new DynamoDBClient(awsClientOptions(env.DYNAMODB_ENDPOINT, env.AWS_REGION));
  const stores = createDynamoStoresFromConfig(config);
  if (env.DYNAMODB_ENDPOINT !== undefined) await stores.ensureTables();
  // The latest policy version in Postgres, followed live; the deploy-time file only seeds it (ADR 0017).
  const closConfig = await LivePolicy.start({ pool, seed: { config: config.clos, text: await readFile(config.closConfigPath, 'utf8') }, logger });
  const bus = createBusFromConfig(config, { pool, logger });
  const temporalConnection = Connection.lazy(temporalConnectionOptions(env));
  const temporal = new Client({ connection: temporalConnection, namespace: env.TEMPORAL_NAMESPACE });
  const { github, githubDryRun } = integrationClientsFromEnv(env, logger);
  const metrics = createApiMetrics({ db: pool, temporal, config: closConfig });
  // Locally (`npm run up` builds it) the api serves the dashboard; in AWS, Vercel does.
  const dashboardDir = findDashboardDir(fileURLToPath(new URL('.', import.meta.url)));
  if (dashboardDir !== undefined) logger.info({ dashboardDir }, 'serving the dashboard at /');
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const githubLogin =
    env.GITHUB_OAUTH_CLIENT_ID !== undefined && env.GITHUB_OAUTH_CLIENT_SECRET !== undefined
      ? {
          login: createGithubOAuthLogin({
            clientId: env.GITHUB_OAUTH_CLIENT_ID,
            clientSecret: env.GITHUB_OAUTH_CLIENT_SECRET,
            webUrl: env.GITHUB_WEB_URL,
            apiUrl: env.GITHUB_API_URL,
          }),
          callbackUrl: `${publicUrl}/auth/github/callback`,
        }
      : undefined;

  const app = await buildServer({
    logger,
    metrics,
    ...(env.METRICS_TOKEN !== undefined ? { metricsToken: env.METRICS_TOKEN } : {}),
    ...(env.TRUSTED_PROXIES !== undefined ? { trustedProxies: env.TRUSTED_PROXIES } : {}),
    edgeRateLimits: { db: pool, audit: async (entry) => void (await appendAudit(pool, entry)) },
    healthChecks: [
      postgresHealthCheck(pool),
      temporalHealthCheck(temporalProbe, env.TEMPORAL_NAMESPACE),
      dynamoHealthCheck(dynamo),
    ],
    webhooks: {
      // EventBridge: concurrent deliveries share PutEvents requests (up to 10 entries each).
      bus: bus.kind === 'eventbridge' ? new CoalescingBus({ bus: bus.bus }) : bus.bus,
      idempotency: stores.idempotency,
      // The outbox: claims and events in one statement, one round trip per delivery (ADR 0027).
      ...(bus.kind === 'local' ? { intake: new OutboxDeliveryIntake({ db: pool, onPruneError: (err) => logger.warn({ err }, 'could not prune delivery claims') }) } : {}),
      // From the policy in memory, no store read on the ack path: a PR's project through its
      // Linear issue is resolved by the processor, which routes it.
      enrichSubject: createSubjectResolver({ config: closConfig }),
      githubWebhookSecret: env.GITHUB_WEBHOOK_SECRET,
      githubWebhookSecrets: env.GITHUB_WEBHOOK_SECRETS,
      linearWebhookSecret: env.LINEAR_WEBHOOK_SECRET,
      logger,
    },
    explain: {
      temporal,
      config: closConfig,
      github,
      access: { db: pool },
      // Someone signed in with GitHub reads the page of a repository GitHub says they can see.
      ...(githubDryRun
        ? {}
        : {
            repositories: new RepositoryReaders({
              github,
              onError: (err, repo, login) => logger.warn({ err, repo, login }, 'could not ask GitHub whether an account can see a repository'),
            }),
          }),
    },
    rest: {
      pool,
      temporal,
      // Leadership records' free text is encrypted with CLOS_DATA_KEY; without it those routes answer 503.
      ...(dataKeys !== undefined ? { dataKeys } : {}),
      config: closConfig,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      metrics,
      auditCheckpoints,
      // What `clos events requeue` brings back: the outbox's dead rows, or the SQS DLQs (EVENT_DLQ_URLS).
      deadLetters: createDeadLettersFromConfig(config, { pool }),
      publicUrl,
      ...(githubLogin !== undefined ? { githubLogin } : {}),
    },
    ...(dashboardDir !== undefined ? { dashboardDir } : {}),
    slack: createSlackBot({
      signingSecret: env.SLACK_SIGNING_SECRET,
      botToken: env.SLACK_BOT_TOKEN,
      apiUrl: env.SLACK_API_URL,
      config: closConfig,
      pool,
      temporal,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      idempotency: stores.idempotency,
      ...(githubDryRun ? {} : { github }),
      ...(dataKeys !== undefined ? { dataKeys } : {}),
      logger,
    }),
  });
  await app.listen({ port: env.PORT, host: '0.0.0.0' });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await stopCheckpointer();
      await closConfig.stop();
      await Promise.allSettled([pool.end(), temporalProbe.close(), temporalConnection.close()]);
      dynamo.destroy();
      stores.client.destroy();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping');
      void close().then(() => process.exit(0));
    });
  }
}

void bootOrExit(main);
