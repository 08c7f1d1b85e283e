import type { AddressInfo } from 'node:net';
import { createDigestWriter } from '@clos/ai';
import { startLocalAnthropic, type LocalAnthropic } from '@clos/ai/testing';
import { buildServer } from '@clos/api';
import { insertToken } from '@clos/api/auth';
import { createTestDatabase } from '@clos/devstack';
import { parseClosConfig } from '@clos/domain';
import { ConfigHolder, createPool, loadConfig, syncConfigToDb } from '@clos/platform';
import { ChannelPacer, createPgMessageLedger, createSlackWebClient, SlackNotifier, webApiPoster } from '@clos/slack';
import { startFakeSlack, type FakeSlack } from '@clos/slack/testing';
import { bundleWorkflows, createDigestActivities, createPgDigestStore } from '@clos/workflows';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { runCli } from '../src/cli.js';

/** `clos digest run|list` over HTTP against the real api, a worker running the digest workflow, and Slack and Anthropic stand-ins. */
const suffix = Math.random().toString(36).slice(2, 8);
const taskQueue = `clos-cli-digest-${suffix}`;
const closYml = `
org: acme
timezone: Europe/Berlin
pods:
  - id: core
    name: Core
    wipLimit: 2
    members:
      - { github: ada, slack: U0ADA, name: Ada, role: member }
      - { github: grace, slack: U0GRACE, role: lead }
`;
let pool: pg.Pool;
let app: FastifyInstance;
let url: string;
let slack: FakeSlack;
let anthropic: LocalAnthropic;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let connection: Connection;
let adaToken: string;

beforeAll(async () => {
  const { env } = loadConfig({ require: ['TEMPORAL_ADDRESS'] });
  pool = createPool({ connectionString: await createTestDatabase(), max: 6, applicationName: 'clos-cli-digest-test' });
  const cfg = parseClosConfig(closYml, 'clos.yml');
  await syncConfigToDb(pool, cfg);
  await pool.query(
    `INSERT INTO work_items (id, kind, pod_id, person_id, state, title, url, repo, number)
     VALUES ('gh:acme/api#12', 'pull_request', 'core', 'ada', 'held', 'Add the billing export', 'https://github.test/acme/api/pull/12', 'acme/api', 12)`,
  );
  connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  app = await buildServer({ healthChecks: [], rest: { pool, temporal, config: new ConfigHolder(cfg), taskQueue, workflowTimeoutMs: 20_000 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  slack = await startFakeSlack({ token: 'xoxb-test' });
  anthropic = await startLocalAnthropic();
  const notifier = new SlackNotifier({
    poster: webApiPoster(createSlackWebClient({ token: 'xoxb-test', apiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retries: 0 })),
    ledger: createPgMessageLedger(pool),
    channelFor: () => undefined,
    pacer: new ChannelPacer({ intervalMs: 0 }),
  });
  const writer = createDigestWriter({ provider: 'anthropic', anthropicApiKey: 'sk-ant-test', anthropicBaseUrl: anthropic.url, timeoutMs: 5_000 });
  native = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: await bundleWorkflows(),
    activities: createDigestActivities({
      config: () => cfg,
      db: pool,
      store: createPgDigestStore(pool),
      writerFor: () => writer,
      messenger: notifier,
      publicUrl: url,
      logger: { info: () => undefined, warn: () => undefined },
    }),
  });
  running = worker.run();
  adaToken = (await insertToken(pool, { name: 'ada', roles: { core: 'member' }, expiresAt: null, createdBy: 'test', personId: 'ada' })).token;
}, 180_000);

afterAll(async () => {
  worker.shutdown();
  await running;
  await native.close();
  await app.close();
  await connection.close();
  await Promise.all([slack.close(), anthropic.close()]);
  await pool.end();
});

async function clos(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { CLOS_API_URL: url, CLOS_TOKEN: adaToken },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    now: () => new Date(),
    user: 'test',
  });
  return { code, stdout, stderr };
}

it("clos digest run puts one DM in ada's Slack naming her WIP item; again the same day sends nothing", async () => {
  const first = await clos('digest', 'run', '--person', 'ada', '--kind', 'morning');
  expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Sent the morning digest of ada for \d{4}-\d{2}-\d{2}, written by anthropic \(420\+96 tokens, \$0\.\d{4}\)\.\n$/) });
  const again = await clos('digest', 'run', '--person', 'ada', '--kind', 'morning', '--json');
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ status: 'duplicate', digest: { personId: 'ada', kind: 'morning', status: 'sent' } });
  const dms = slack.callsOf('chat.postMessage').filter((c) => c.body.channel === 'U0ADA');
  expect(dms).toHaveLength(1);
  expect(JSON.stringify(dms[0]!.body.blocks)).toContain('Add the billing export');
});

it('with the stand-in answering 500 the template digest arrives and says so', async () => {
  anthropic.failNext({ kind: 'status', status: 500 });
  const run = await clos('digest', 'run', '--person', 'ada', '--kind', 'evening');
  expect(run.stdout).toContain('written by template (error)');
  const dm = slack.callsOf('chat.postMessage').filter((c) => c.body.channel === 'U0ADA').at(-1)!;
  expect(JSON.stringify(dm.body.blocks)).toContain('the model was not used: error');
  const list = await clos('digest', 'list');
  expect(list.stdout).toMatch(/ada\s.*evening\s.*sent\s.*template \(error\)/);
  expect(list.stdout).toMatch(/ada\s.*morning\s.*sent\s.*anthropic/);
});

it('refuses a bad kind with a usage error naming the flag', async () => {
  const bad = await clos('digest', 'run', '--person', 'ada', '--kind', 'night');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--kind must be one of morning, midday, evening, weekly, got "night"');
});
