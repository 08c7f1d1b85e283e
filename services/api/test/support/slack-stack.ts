import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { parseClosConfig, type ClosConfig } from '@clos/domain';
import { createTestDatabase } from '@clos/devstack';
import { createDryRunGithubClient, createOctokitGithubClient, type GithubClient } from '@clos/github';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';
import { createDryRunLinearClient } from '@clos/linear';
import { createDynamoClient, DynamoIdempotencyStore, ensureDynamoTables, createPgDemoStore, createPgStandupStore } from '@clos/platform';
import { publishPolicy } from '@clos/app';
import {
  blockActionPayload,
  eventRequest,
  interactionRequest,
  slashCommandRequest,
  startFakeSlack,
  viewSubmissionPayload,
  type FakeSlack,
  type SignedSlackRequest,
} from '@clos/slack/testing';
import {
  bundleWorkflows,
  createActivities,
  createLeadershipActivities,
  createPgRecordStore,
  createStandupActivities,
  podWipWorkflowId,
  projectStageWorkflowId,
} from '@clos/workflows';
import { buildServer } from '../../src/server.js';
import { createSlackBot, type SlackBot } from '../../src/slack/index.js';
import type { DataKeyring } from '../../src/leadership/index.js';
import { insertToken } from '../../src/auth/token-store.js';
import type { PodRoles } from '@clos/app';

/** The signing secret and bot token the test app uses. */
export const SIGNING_SECRET = 'slack-signing-secret-for-tests';
export const BOT_TOKEN = 'xoxb-clos-test-token';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * clos.yml of the Slack tests. Ids carry `run` so files sharing the Temporal server never
 * meet each other's workflows. Alice leads payments, Bob is a member, Carol a viewer, Dave
 * leads growth, Erin is an admin.
 */
export function slackClosYml(run: string): string {
  return `
org: acme
timezone: Europe/Berlin
configRepo: acme/clos-config
pods:
  - id: payments-${run}
    name: Payments
    wipLimit: 2
    perPersonWipLimit: 2
    repos: [acme/pay-${run}]
    linearTeams: [PAY]
    slackChannel: C0PAYMENTS
    healthThresholds:
      blockerAgeDays: 5
    members:
      - { github: alice, slack: U0ALICE, name: Alice, role: lead }
      - { github: bob, slack: U0BOB, name: Bob, role: member }
      - { github: carol, slack: U0CAROL, name: Carol, role: viewer }
  - id: growth-${run}
    name: Growth
    wipLimit: 3
    mode: warn
    slackChannel: C0GROWTH
    members:
      - { github: dave, slack: U0DAVE, name: Dave, role: lead }
      - { slack: U0ERIN, name: Erin, role: admin }
projects:
  - { id: checkout-${run}, name: Checkout, pod: payments-${run}, template: delivery }
  - { id: loop-${run}, name: Growth loop, pod: growth-${run}, template: spec }
`;
}

/** What one request got back. */
export interface SlackAnswer {
  status: number;
  /** Parsed JSON, the text, or `undefined` for an empty body. */
  body: unknown;
  /** Milliseconds until the answer arrived. */
  ms: number;
}

/** A command's reply, from the acknowledgement or, when that was empty, the response URL. */
export interface SlackReplyMessage {
  status: number;
  text: string;
  /** The message: `response_type`, `text`, `blocks`. */
  message: Record<string, unknown> | undefined;
  /** Milliseconds from the request until the reply arrived, wherever it went. */
  ms: number;
}

/** Options of {@link startSlackStack}. */
export interface SlackStackOptions {
  /** Run an in-process worker (enforcement workflows plus the standup reminder). */
  worker?: boolean;
  /** Use a GitHub stand-in for idea issues. */
  github?: boolean;
  staleAfterDays?: number;
  now?: () => Date;
  /** Keys of the leadership records' text; with them the REST API is served too (tokens from `issue`). */
  dataKeys?: DataKeyring;
}

/** The api with the Slack bot, on real Postgres, Temporal and dynalite, with a Slack Web API stand-in. */
export interface SlackStack {
  run: string;
  ids: { payments: string; growth: string; checkout: string; loop: string };
  cfg: ClosConfig;
  slack: FakeSlack;
  github: FakeGithub | undefined;
  pool: pg.Pool;
  temporal: Client;
  taskQueue: string;
  api: FastifyInstance;
  bot: SlackBot;
  /** Posts a signed (or bent) request to POST /slack/events. */
  post(request: SignedSlackRequest): Promise<SlackAnswer>;
  /** A slash command by `user`; the answer and the response URL id its later replies go to. */
  command(user: string, command: string, text: string, options?: { retryNum?: number; triggerId?: string }): Promise<SlackAnswer & { responseId: string }>;
  /** A slash command whose reply is awaited wherever it goes (acknowledgement or response URL). */
  say(user: string, command: string, text: string): Promise<SlackReplyMessage>;
  /** A button click by `user`. */
  click(user: string, actionId: string, value: string): Promise<SlackAnswer & { responseId: string }>;
  /** A modal submission by `user`. */
  submit(
    user: string,
    callbackId: string,
    privateMetadata: string,
    values: Record<string, Record<string, Record<string, unknown>>>,
    viewId?: string,
  ): Promise<SlackAnswer>;
  event(envelope: Record<string, unknown>, retryNum?: number): Promise<SlackAnswer>;
  /** Replies posted to a response URL, once the bot is idle. */
  responses(responseId: string): Promise<Record<string, unknown>[]>;
  /** Issues an API token acting for `personId` (REST is served with `dataKeys` only). */
  issue(name: string, roles: PodRoles, personId?: string): Promise<string>;
  close(): Promise<void>;
}

let responseCounter = 0;

/** Starts the api with the Slack bot in this process, on a database, tables and task queue of its own. */
export async function startSlackStack(options: SlackStackOptions = {}): Promise<SlackStack> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed by an earlier stack of this file.
  }
  const cleanups: (() => Promise<unknown> | void)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    const run = randomUUID().slice(0, 8);
    const cfg = parseClosConfig(slackClosYml(run), 'clos.yml');
    const pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 10 });
    cleanups.push(() => pool.end());
    // Seeded as the processes seed it: version 1 of the live policy, mirrored to the tables.
    await publishPolicy(pool, { config: cfg, source: 'file', actor: 'clos.yml' });

    const slack = await startFakeSlack({ token: BOT_TOKEN });
    cleanups.push(() => slack.close());
    let github: FakeGithub | undefined;
    let githubClient: GithubClient | undefined;
    if (options.github === true) {
      github = await startFakeGithub();
      const started = github;
      cleanups.push(() => started.close());
      githubClient = createOctokitGithubClient({ auth: { kind: 'token', token: 'ghp_test' }, baseUrl: github.url, log: quiet, writeSpacingMs: 0 });
    }

    const dynamo = createDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT!, region: 'us-east-1' });
    cleanups.push(() => dynamo.destroy());
    const tables = await ensureDynamoTables(dynamo, `clos-slack-${run}`);

    const address = process.env.TEMPORAL_ADDRESS!;
    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace: 'default' });
    const taskQueue = `clos-slack-test-${run}`;
    cleanups.push(() => terminate(temporal, cfg));

    const bot = createSlackBot({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      apiUrl: slack.apiUrl,
      config: { current: () => cfg },
      pool,
      temporal,
      taskQueue,
      idempotency: new DynamoIdempotencyStore({ client: dynamo, tableName: tables.idempotency }),
      ...(githubClient !== undefined ? { github: githubClient } : {}),
      ...(options.staleAfterDays !== undefined ? { staleAfterDays: options.staleAfterDays } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
      ...(options.dataKeys !== undefined ? { dataKeys: options.dataKeys } : {}),
    });
    const api = await buildServer({
      healthChecks: [],
      slack: bot,
      ...(options.dataKeys !== undefined
        ? { rest: { pool, temporal, config: { current: () => cfg }, taskQueue, dataKeys: options.dataKeys, ...(options.now !== undefined ? { now: options.now } : {}) } }
        : {}),
    });
    cleanups.push(() => api.close());

    if (options.worker === true) {
      const native = await NativeConnection.connect({ address });
      const worker = await Worker.create({
        connection: native,
        taskQueue,
        workflowBundle: await bundleWorkflows(),
        activities: {
          ...createActivities({
            github: createDryRunGithubClient({ log: quiet }),
            linear: createDryRunLinearClient({ log: quiet }),
            notifier: bot.notifier,
            store: createPgRecordStore(pool),
            logger: quiet,
            temporal,
          }),
          ...createStandupActivities({
            config: () => cfg,
            standups: createPgStandupStore(pool),
            demos: createPgDemoStore(pool),
            messenger: bot.notifier,
            logger: quiet,
            ...(options.now !== undefined ? { clock: options.now } : {}),
          }),
          ...createLeadershipActivities({
            config: () => cfg,
            db: pool,
            dataKeys: options.dataKeys,
            messenger: bot.notifier,
            logger: quiet,
            ...(options.now !== undefined ? { clock: options.now } : {}),
          }),
        },
        maxConcurrentWorkflowTaskExecutions: 10,
        maxConcurrentActivityTaskExecutions: 20,
      });
      const running = worker.run();
      cleanups.push(async () => {
        worker.shutdown();
        await running;
        await native.close();
      });
    }

    const post = async (request: SignedSlackRequest): Promise<SlackAnswer> => {
      const started = Date.now();
      const response = await api.inject({ method: 'POST', url: '/slack/events', headers: request.headers, payload: request.payload });
      const text = response.body;
      let body: unknown = text === '' ? undefined : text;
      if ((response.headers['content-type'] ?? '').toString().includes('application/json')) body = JSON.parse(text);
      return { status: response.statusCode, body, ms: Date.now() - started };
    };
    const sign = (retryNum?: number) => ({ signingSecret: SIGNING_SECRET, ...(retryNum !== undefined ? { retryNum } : {}) });
    const responseUrl = () => {
      responseCounter += 1;
      const id = `r${responseCounter}`;
      return { id, url: slack.responseUrl(id) };
    };

    return {
      run,
      ids: { payments: `payments-${run}`, growth: `growth-${run}`, checkout: `checkout-${run}`, loop: `loop-${run}` },
      cfg,
      slack,
      github,
      pool,
      temporal,
      taskQueue,
      api,
      bot,
      post,
      async command(user, command, text, o = {}) {
        const response = responseUrl();
        const answer = await post(
          slashCommandRequest({ command, text, userId: user, responseUrl: response.url, ...(o.triggerId !== undefined ? { triggerId: o.triggerId } : {}) }, sign(o.retryNum)),
        );
        return { ...answer, responseId: response.id };
      },
      async say(user, command, text) {
        const started = Date.now();
        const response = responseUrl();
        const answer = await post(slashCommandRequest({ command, text, userId: user, responseUrl: response.url }, sign()));
        if (answer.status !== 200 || answer.body !== undefined) {
          const message = typeof answer.body === 'object' && answer.body !== null ? (answer.body as Record<string, unknown>) : undefined;
          return { status: answer.status, text: replyText(answer.body), message, ms: answer.ms };
        }
        const late = await slack.waitFor((c) => c.method === 'response_url' && c.body.responseId === response.id, 15_000);
        return { status: answer.status, text: replyText(late.body), message: late.body, ms: late.at - started };
      },
      async click(user, actionId, value) {
        const response = responseUrl();
        const answer = await post(interactionRequest(blockActionPayload({ userId: user, actionId, value, responseUrl: response.url }), sign()));
        return { ...answer, responseId: response.id };
      },
      submit: (user, callbackId, privateMetadata, values, viewId) =>
        post(interactionRequest(viewSubmissionPayload({ userId: user, callbackId, privateMetadata, values, ...(viewId !== undefined ? { viewId } : {}) }), sign())),
      event: (envelope, retryNum) => post(eventRequest(envelope, sign(retryNum))),
      async responses(responseId) {
        await bot.idle();
        return slack.responses(responseId).map((c) => c.body);
      },
      async issue(name, roles, personId) {
        const issued = await insertToken(pool, { name, roles, expiresAt: null, createdBy: 'test', ...(personId !== undefined ? { personId } : {}) });
        return issued.token;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function terminate(temporal: Client, cfg: ClosConfig): Promise<void> {
  const ids = [...cfg.pods.map((p) => podWipWorkflowId(p.id)), ...cfg.projects.map((p) => projectStageWorkflowId(p.id))];
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

/** Text of a reply: the acknowledgement's, or the first response URL post's. */
export function replyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null && typeof (body as { text?: unknown }).text === 'string') return (body as { text: string }).text;
  return '';
}

/** All mrkdwn and plain text of a Block Kit list, flattened for assertions. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** Polls `probe` until it returns something other than `undefined`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
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
