import { createDigestWriter } from '@clos/ai';
import { startLocalAnthropic, type LocalAnthropic } from '@clos/ai/testing';
import { parseClosConfig } from '@clos/domain';
import { ChannelPacer, createPgMessageLedger, createSlackWebClient, SlackNotifier, webApiPoster } from '@clos/slack';
import { startFakeSlack, type FakeSlack } from '@clos/slack/testing';
import { bundleWorkflows, createDigestActivities, createPgDigestStore } from '@clos/workflows';
import { NativeConnection, Worker } from '@temporalio/worker';
import { insertToken } from '../src/auth/token-store.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

describe('digests over REST: POST and GET /api/digests against a worker, Slack and Anthropic stand-ins', () => {
  const s = uniqueSuffix();
  const pod = `core-${s}`;
  const other = `other-${s}`;
  const taskQueue = `clos-rest-digests-${s}`;
  const closYml = `
org: acme
timezone: Europe/Berlin
alertsChannel: C0OPS
pods:
  - id: ${pod}
    name: Core
    wipLimit: 2
    members:
      - { github: ada-${s}, slack: U0ADA${s}, name: Ada, role: member }
      - { github: grace-${s}, slack: U0GRACE${s}, role: lead }
  - id: ${other}
    name: Other
    wipLimit: 2
    members:
      - { github: bob-${s}, slack: U0BOB${s}, role: lead }
`;
  const ada = `ada-${s}`;
  let stack: RestStack;
  let slack: FakeSlack;
  let anthropic: LocalAnthropic;
  let worker: Worker;
  let running: Promise<void>;
  let native: NativeConnection;
  let adaToken: string;
  let graceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    stack = await startRestStack({ closYml, taskQueue });
    slack = await startFakeSlack({ token: 'xoxb-test' });
    anthropic = await startLocalAnthropic();
    const cfg = parseClosConfig(closYml, 'clos.yml');
    await stack.pool.query(
      `INSERT INTO work_items (id, kind, pod_id, person_id, state, title, url, repo, number)
       VALUES ($1, 'pull_request', $2, $3, 'held', 'Retry the webhook consumer', 'https://github.test/acme/api/pull/41', 'acme/api', 41)`,
      [`gh:acme/api-${s}#41`, pod, ada],
    );
    const notifier = new SlackNotifier({
      poster: webApiPoster(createSlackWebClient({ token: 'xoxb-test', apiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retries: 0 })),
      ledger: createPgMessageLedger(stack.pool),
      channelFor: () => undefined,
      pacer: new ChannelPacer({ intervalMs: 0 }),
    });
    const writer = createDigestWriter({ provider: 'anthropic', anthropicApiKey: 'sk-ant-test', anthropicBaseUrl: anthropic.url, timeoutMs: 5_000 });
    native = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: await bundleWorkflows(),
      activities: createDigestActivities({
        config: () => cfg,
        db: stack.pool,
        store: createPgDigestStore(stack.pool),
        writerFor: () => writer,
        messenger: notifier,
        publicUrl: 'http://clos.test',
        logger: { info: () => undefined, warn: () => undefined },
      }),
    });
    running = worker.run();
    adaToken = (await insertToken(stack.pool, { name: 'ada', roles: { [pod]: 'member' }, expiresAt: null, createdBy: 'test', personId: ada })).token;
    graceToken = (await stack.issue('grace', { [pod]: 'lead' })).token;
    bobToken = (await stack.issue('bob', { [other]: 'lead' })).token;
  }, 180_000);

  afterAll(async () => {
    worker.shutdown();
    await running;
    await native.close();
    await Promise.all([slack.close(), anthropic.close()]);
    await stack.close();
  });

  const dms = (user: string) => slack.callsOf('chat.postMessage').filter((call) => call.body.channel === user);

  it('delivers the person their own digest once per local day', async () => {
    const first = await stack.call('POST', '/api/digests', { token: adaToken, body: { personId: ada, kind: 'morning' } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'sent', digest: { personId: ada, kind: 'morning', status: 'sent', writer: 'anthropic', inputTokens: 420 } });
    const again = await stack.call('POST', '/api/digests', { token: adaToken, body: { personId: ada, kind: 'morning' } });
    expect(again.json()).toMatchObject({ status: 'duplicate', digest: { id: first.json<{ digest: { id: string } }>().digest.id } });
    expect(dms(`U0ADA${s}`)).toHaveLength(1);
    expect(JSON.stringify(dms(`U0ADA${s}`)[0]!.body.blocks)).toContain('Retry the webhook consumer');
    const audit = (await stack.auditRows()).filter((row) => row.action === 'digest.run');
    expect(audit.at(-1)).toMatchObject({ target: `person:${ada}`, details: expect.objectContaining({ outcome: 'done', result: expect.objectContaining({ status: 'duplicate', writer: 'anthropic' }) }) });
  });

  it("lets a lead of the person's pod run it, and refuses anyone else", async () => {
    const byLead = await stack.call('POST', '/api/digests', { token: graceToken, body: { personId: ada, kind: 'evening' } });
    expect(byLead.json()).toMatchObject({ status: 'sent', digest: { kind: 'evening' } });
    const byOutsider = await stack.call('POST', '/api/digests', { token: bobToken, body: { personId: ada, kind: 'midday' } });
    expect(byOutsider.statusCode).toBe(403);
    expect(byOutsider.json<{ error: { message: string } }>().error.message).toContain(`only by ${ada} or a lead of their pod`);
  });

  it('says what is wrong with bad input', async () => {
    const badKind = await stack.call('POST', '/api/digests', { token: adaToken, body: { personId: ada, kind: 'night' } });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.body).toContain('kind');
    const nobody = await stack.call('POST', '/api/digests', { token: graceToken, body: { personId: `nobody-${s}`, kind: 'morning' } });
    expect(nobody.statusCode).toBe(404);
    expect(nobody.json<{ error: { message: string } }>().error.message).toBe(`No person "nobody-${s}" in clos.yml`);
  });

  it('with the model answering 500 the template digest arrives and says so; GET lists writer and cost', async () => {
    anthropic.failNext({ kind: 'status', status: 500 });
    const run = await stack.call('POST', '/api/digests', { token: adaToken, body: { personId: ada, kind: 'midday' } });
    expect(run.json()).toMatchObject({ status: 'sent', digest: { writer: 'template', fallbackReason: 'error', costUsd: 0 } });
    expect(JSON.stringify(dms(`U0ADA${s}`).at(-1)!.body.blocks)).toContain('the model was not used: error');

    const listed = await stack.call('GET', `/api/digests?personId=${ada}`, { token: adaToken });
    expect(listed.statusCode).toBe(200);
    const items = listed.json<{ items: { kind: string; writer: string; costUsd: number }[] }>().items;
    expect(items.map((i) => [i.kind, i.writer]).sort()).toEqual([
      ['evening', 'anthropic'],
      ['midday', 'template'],
      ['morning', 'anthropic'],
    ]);
    expect(items.find((i) => i.kind === 'morning')!.costUsd).toBeGreaterThan(0);
    // Bob leads another pod: ada's digests are not his to see.
    const bobs = await stack.call('GET', '/api/digests', { token: bobToken });
    expect(bobs.json<{ items: unknown[] }>().items).toEqual([]);
    expect((await stack.call('GET', `/api/digests?personId=${ada}`, { token: bobToken })).statusCode).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await stack.call('GET', '/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/api/digests'] ?? {}).sort()).toEqual(['get', 'post']);
  });
});
