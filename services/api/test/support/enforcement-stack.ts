import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { parseClosConfig } from '@clos/domain';
import { createTestDatabase } from '@clos/devstack';
import { createOctokitGithubClient, type GithubClient } from '@clos/github';
import { signGithubPayload, startFakeGithub, type FakeGithub } from '@clos/github/testing';
import { createSdkLinearClient, type LinearClient } from '@clos/linear';
import { signLinearPayload, startFakeLinear, type FakeLinear } from '@clos/linear/testing';
import {
  createDynamoClient,
  createPool,
  DynamoIdempotencyStore,
  DynamoProjectionStore,
  ensureDynamoTables,
  loadConfig,
  OutboxBus,
  OutboxDeliveryIntake,
  OutboxConsumer,
} from '@clos/platform';
import { publishPolicy } from '@clos/app';
import { ConfigHolder, createSubjectResolver, startProcessor, type ProcessorRuntime } from '@clos/processor';
import { createTemplateWriter } from '@clos/ai';
import {
  createActivities,
  createDigestActivities,
  createHealthActivities,
  createLoggingNotifier,
  createPgDigestStore,
  createPgRecordStore,
  createWorker,
  explainUrlFor,
  getStageState,
  getWipState,
  podWipWorkflowId,
  projectStageWorkflowId,
  type PodWipView,
  type StageStateView,
} from '@clos/workflows';
import { buildServer } from '../../src/server.js';
import { insertToken } from '../../src/auth/token-store.js';

export { eventually } from './eventually.js';

/** The webhook secrets the stack's api verifies with. */
export const GITHUB_SECRET = 'github-webhook-secret-for-tests';
export const LINEAR_SECRET = 'linear-webhook-secret-for-tests';

const quiet = { info: () => undefined, warn: () => undefined };

/** Options of {@link startEnforcementStack}. */
export interface EnforcementStackOptions {
  /** The organisation's clos.yml. */
  closYml: string;
  /** Start an in-process worker (default true); false when the test runs its own. */
  worker?: boolean;
}

/** A running api + processor (+ worker) on real Postgres, Temporal and dynalite, with GitHub and Linear stand-ins. */
export interface EnforcementStack {
  apiUrl: string;
  github: FakeGithub;
  linear: FakeLinear;
  githubClient: GithubClient;
  linearClient: LinearClient;
  pool: pg.Pool;
  databaseUrl: string;
  temporal: Client;
  temporalAddress: string;
  taskQueue: string;
  config: ConfigHolder;
  api: FastifyInstance;
  processor: ProcessorRuntime;
  /** Posts a delivery as GitHub does: signed `X-Hub-Signature-256`, `X-GitHub-Event`, `X-GitHub-Delivery`. */
  sendGithub(event: string, payload: unknown, options?: SendOptions): Promise<Response>;
  /** Posts a delivery as Linear does: signed `Linear-Signature`, `Linear-Delivery`. */
  sendLinear(payload: unknown, options?: SendOptions): Promise<Response>;
  wipState(podId: string): Promise<PodWipView | undefined>;
  stageState(projectId: string): Promise<StageStateView | undefined>;
  /** Rows of the event log, oldest first. */
  /**
   * Fetches a page a status links to: first as a stranger (who must learn nothing but "sign in
   * to see why"), then as a viewer of the pod, whose answer is returned.
   */
  readStatusPage(url: string, podId: string): Promise<Response>;
  events(): Promise<{ id: string; type: string; source: string; delivery_id: string; status: string; subject: Record<string, string> }[]>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** How a test may bend a delivery. */
export interface SendOptions {
  deliveryId?: string;
  /** Sign with this secret instead of the right one (a forgery). */
  secret?: string;
  /** Leave the signature header out. */
  unsigned?: boolean;
  /** Send these bytes instead of JSON of the payload (signed as they are). */
  rawBody?: string;
}

/**
 * Starts CLOS's three parts in this process against the real servers the jest global setup
 * started, each test file on a database, DynamoDB tables and task queue of its own.
 */
export async function startEnforcementStack(options: EnforcementStackOptions): Promise<EnforcementStack> {
  quietTemporalRuntime();
  const { env } = loadConfig({ require: ['TEMPORAL_ADDRESS', 'DYNAMODB_ENDPOINT'] });
  const cleanups: (() => Promise<unknown> | void)[] = [];
  const closAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    const databaseUrl = await createTestDatabase();
    const pool = createPool({ connectionString: databaseUrl, max: 24, applicationName: 'clos-test' });
    cleanups.push(() => pool.end());
    const closConfig = parseClosConfig(options.closYml, 'clos.yml');
    // Seeded as the processes seed it: version 1 of the live policy, mirrored to the tables.
    await publishPolicy(pool, { config: closConfig, source: 'file', actor: 'clos.yml' });
    const config = new ConfigHolder(closConfig);

    const github = await startFakeGithub();
    cleanups.push(() => github.close());
    const linear = await startFakeLinear();
    cleanups.push(() => linear.close());
    const githubClient = createOctokitGithubClient({
      auth: { kind: 'token', token: 'ghp_test' },
      baseUrl: github.url,
      log: quiet,
      writeSpacingMs: 0,
      serverErrorBackoffMs: 20,
    });
    const linearClient = createSdkLinearClient({ apiKey: 'lin_test', apiUrl: linear.url });

    const dynamo = createDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION ?? 'us-east-1' });
    cleanups.push(() => dynamo.destroy());
    const tables = await ensureDynamoTables(dynamo, `clos-${randomUUID().slice(0, 8)}`);
    const idempotency = new DynamoIdempotencyStore({ client: dynamo, tableName: tables.idempotency });
    const projections = new DynamoProjectionStore({ client: dynamo, tableName: tables.projections });

    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const taskQueue = `clos-test-${randomUUID()}`;
    // Workflow ids are per pod and project: end ours so no later test meets them.
    cleanups.push(() => terminateWorkflows(temporal, closConfig));

    const bus = new OutboxBus({ db: pool });
    const api = await buildServer({
      healthChecks: [],
      webhooks: {
        bus,
        idempotency,
        // From the policy in memory only: a PR's project through its Linear issue is the processor's to find.
        enrichSubject: createSubjectResolver({ config }),
        intake: new OutboxDeliveryIntake({ db: pool }),
        githubWebhookSecret: GITHUB_SECRET,
        linearWebhookSecret: LINEAR_SECRET,
      },
      explain: { temporal, config, github: githubClient, access: { db: pool } },
    });
    const address = await api.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => api.close());
    const apiUrl = address.replace('0.0.0.0', '127.0.0.1');

    let worker: { worker: Worker; run: Promise<void>; native: NativeConnection } | undefined;
    const startWorker = async (): Promise<void> => {
      if (worker !== undefined) return;
      const native = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
      const created = await createWorker({
        connection: native,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue,
        activities: {
          ...createActivities({
            github: githubClient,
            linear: linearClient,
            notifier: createLoggingNotifier(quiet),
            store: createPgRecordStore(pool),
            logger: quiet,
            temporal,
            explainUrl: explainUrlFor(apiUrl),
            projections,
            config: () => config.current(),
          }),
          ...createHealthActivities({ db: pool, temporal, logger: quiet, circuitBreaker: { pool, records: createPgRecordStore(pool), notifier: createLoggingNotifier(quiet) } }),
          // The digest activities, registered beside the others as the production worker does:
          // written by the template, sent nowhere (a person without a Slack id is skipped).
          ...createDigestActivities({
            config: () => config.current(),
            db: pool,
            store: createPgDigestStore(pool),
            writerFor: () => createTemplateWriter(),
            messenger: { send: () => Promise.resolve({ status: 'no_channel' as const }) },
            publicUrl: apiUrl,
            logger: quiet,
          }),
        },
      });
      worker = { worker: created, run: created.run(), native };
    };
    const stopWorker = async (): Promise<void> => {
      if (worker === undefined) return;
      const { worker: running, run, native } = worker;
      worker = undefined;
      running.shutdown();
      await run;
      await native.close();
    };
    cleanups.push(stopWorker);
    if (options.worker !== false) await startWorker();

    const consumer = new OutboxConsumer({
      pool,
      concurrency: 32,
      pollIntervalMs: 200,
      backoff: { baseMs: 100, maxMs: 1_000 },
    });
    const processor = startProcessor({
      config,
      temporal,
      taskQueue,
      consumer,
      github: githubClient,
      linear: linearClient,
      projections,
      pool,
      publicUrl: apiUrl,
    });
    cleanups.push(() => processor.stop());

    const send = async (url: string, headers: Record<string, string>, body: string): Promise<Response> =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    return {
      apiUrl,
      github,
      linear,
      githubClient,
      linearClient,
      pool,
      databaseUrl,
      temporal,
      temporalAddress: env.TEMPORAL_ADDRESS,
      taskQueue,
      config,
      api,
      processor,
      sendGithub: (event, payload, o = {}) => {
        const body = o.rawBody ?? JSON.stringify(payload);
        return send(
          `${apiUrl}/webhooks/github`,
          {
            'user-agent': 'GitHub-Hookshot/clos-test',
            'x-github-event': event,
            'x-github-delivery': o.deliveryId ?? randomUUID(),
            'x-github-hook-id': '123456',
            ...(o.unsigned ? {} : { 'x-hub-signature-256': signGithubPayload(o.secret ?? GITHUB_SECRET, body) }),
          },
          body,
        );
      },
      sendLinear: (payload, o = {}) => {
        const body = o.rawBody ?? JSON.stringify(payload);
        return send(
          `${apiUrl}/webhooks/linear`,
          {
            'user-agent': 'Linear-Webhook',
            'linear-delivery': o.deliveryId ?? randomUUID(),
            'linear-event': String((payload as { type?: unknown } | undefined)?.type ?? 'Issue'),
            ...(o.unsigned ? {} : { 'linear-signature': signLinearPayload(o.secret ?? LINEAR_SECRET, body) }),
          },
          body,
        );
      },
      readStatusPage: async (url, podId) => {
        const stranger = await fetch(url);
        if (stranger.status !== 401) throw new Error(`${url} answered a stranger with ${stranger.status}, not 401`);
        const refusal = await stranger.text();
        if (!refusal.includes('Sign in to see why')) throw new Error(`${url} told a stranger: ${refusal.slice(0, 200)}`);
        const viewer = await insertToken(pool, { name: `viewer of ${podId}`, roles: { [podId]: 'viewer' }, expiresAt: null, createdBy: 'test' });
        return fetch(url, { headers: { authorization: `Bearer ${viewer.token}` } });
      },
      wipState: (podId) => getWipState(temporal, podId),
      stageState: (projectId) => getStageState(temporal, projectId),
      events: async () =>
        (await pool.query('SELECT id, type, source, delivery_id, status, subject FROM events ORDER BY seq')).rows as {
          id: string;
          type: string;
          source: string;
          delivery_id: string;
          status: string;
          subject: Record<string, string>;
        }[],
      startWorker,
      stopWorker,
      close: closAll,
    };
  } catch (error) {
    await closAll();
    throw error;
  }
}

/** Temporal's worker logs every state change at INFO; tests want its warnings only. Once per process. */
function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier stack of this test file.
  }
}

async function terminateWorkflows(temporal: Client, config: { pods: { id: string }[]; projects: { id: string }[] }): Promise<void> {
  const ids = [...config.pods.map((p) => podWipWorkflowId(p.id)), ...config.projects.map((p) => projectStageWorkflowId(p.id))];
  await Promise.all(
    ids.map(async (id) => {
      try {
        await temporal.workflow.getHandle(id).terminate('test finished');
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    }),
  );
}
