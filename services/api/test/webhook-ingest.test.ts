import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@clos/domain';
import { signGithubPayload } from '@clos/github/testing';
import { linearIssueWebhook, signLinearPayload } from '@clos/linear/testing';
import { createDynamoClient, DynamoIdempotencyStore, ensureDynamoTables, loadConfig, OutboxBus, type EventBus } from '@clos/platform';
import { buildServer } from '../src/server.js';
import { githubExample, pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, GITHUB_SECRET, LINEAR_SECRET, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/delta-web';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: delta
    name: Delta
    wipLimit: 2
    repos: [${REPO}]
    linearTeams: [DEL]
    members:
      - github: ada
        linear: ada@example.com
        role: member
projects:
  - id: payouts
    name: Payouts
    pod: delta
    template: delivery
    linearProject: Payout reliability
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** An api on the bus path (the claims in `idempotency`) whose bus records every publish it is given. */
async function countingBusApi(idempotency: DynamoIdempotencyStore): Promise<{ api: Awaited<ReturnType<typeof buildServer>>; published: string[][] }> {
  const outbox = new OutboxBus({ db: stack.pool });
  const published: string[][] = [];
  const countingBus: EventBus = {
    publish: async (events: DomainEvent[]) => {
      published.push(events.map((e) => e.id));
      await outbox.publish(events);
    },
  };
  const api = await buildServer({
    healthChecks: [],
    webhooks: { bus: countingBus, idempotency, enrichSubject: async () => ({}), githubWebhookSecret: GITHUB_SECRET },
  });
  return { api, published };
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('POST /webhooks/github', () => {
  it('answers 400 naming the problem for a signed body that is not JSON', async () => {
    const response = await stack.sendGithub('pull_request', undefined, { rawBody: '{"action": "opened", ' });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('not valid JSON') });
  });

  it('answers 400 naming the missing field of a malformed payload', async () => {
    const payload = pullRequestPayload({ repo: REPO, number: 1, headSha: sha('x'), action: 'opened', updatedAt: new Date().toISOString() });
    delete payload.pull_request.head;
    const response = await stack.sendGithub('pull_request', payload);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain('pull_request.head');
  });

  it('answers 400 for an empty body and for a missing event header, 401 before anything for a bad signature', async () => {
    const empty = await stack.sendGithub('pull_request', undefined, { rawBody: '' });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toContain('empty');

    const body = JSON.stringify(githubExample('ping'));
    const noEvent = await fetch(`${stack.apiUrl}/webhooks/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signGithubPayload(GITHUB_SECRET, body) },
      body,
    });
    expect(noEvent.status).toBe(400);
    expect((await errorOf(noEvent)).message).toContain('X-GitHub-Event');

    const tampered = await fetch(`${stack.apiUrl}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signGithubPayload(GITHUB_SECRET, body),
      },
      body: body.replace('"zen"', '"zen "'),
    });
    expect(tampered.status).toBe(401);
  });

  it('records an event CLOS does not act on as webhook.unhandled and answers 202', async () => {
    const delivery = randomUUID();
    const response = await stack.sendGithub('star', githubExample('star', 'created'), { deliveryId: delivery });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ events: [{ type: 'webhook.unhandled' }] });
    const rows = (await stack.events()).filter((e) => e.delivery_id === delivery);
    expect(rows.map((r) => r.type)).toEqual(['webhook.unhandled']);
    const { rows: payloads } = await stack.pool.query('SELECT payload FROM events WHERE delivery_id = $1', [delivery]);
    expect(payloads[0].payload).toEqual({ vendor: 'github', event: 'star', action: 'created' });
  });

  it('accepts the form-encoded flavour GitHub can be configured to send', async () => {
    const payload = pullRequestPayload({ repo: REPO, number: 7, headSha: sha('form'), action: 'opened', updatedAt: new Date().toISOString() });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const response = await fetch(`${stack.apiUrl}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signGithubPayload(GITHUB_SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(202);
  });

  it('completes the subject from clos.yml: repo → pod, project label → project, author → person', async () => {
    const delivery = randomUUID();
    const payload = pullRequestPayload({
      repo: REPO,
      number: 8,
      headSha: sha('subject'),
      action: 'opened',
      author: 'Ada',
      labels: ['project:payouts'],
      updatedAt: new Date().toISOString(),
    });
    expect((await stack.sendGithub('pull_request', payload, { deliveryId: delivery })).status).toBe(202);
    const row = (await stack.events()).find((e) => e.delivery_id === delivery);
    expect(row?.subject).toEqual({ podId: 'delta', projectId: 'payouts', personId: 'ada', workItemId: `gh:${REPO}#8` });
  });
});

describe('mapping', () => {
  it('gives a PR of a repository no pod owns no CLOS status at all', async () => {
    const delivery = randomUUID();
    const payload = pullRequestPayload({ repo: 'someone/unmapped', number: 3, headSha: sha('unmapped'), action: 'opened', updatedAt: new Date().toISOString() });
    expect((await stack.sendGithub('pull_request', payload, { deliveryId: delivery })).status).toBe(202);
    const handled = await eventually('the event handled', async () => (await stack.events()).find((e) => e.delivery_id === delivery && e.status === 'done'));
    expect(handled.subject).toEqual({ personId: 'octocat', workItemId: 'gh:someone/unmapped#3' });
    expect(stack.github.statuses('someone/unmapped', sha('unmapped'))).toEqual([]);
  });
});

describe('POST /webhooks/linear', () => {
  it('accepts a signed, fresh delivery and maps the issue to its pod, project and assignee', async () => {
    const delivery = randomUUID();
    const payload = linearIssueWebhook({ identifier: 'DEL-12', stateType: 'backlog' });
    const response = await stack.sendLinear(payload, { deliveryId: delivery });
    expect(response.status).toBe(202);
    const row = (await stack.events()).find((e) => e.delivery_id === delivery);
    expect(row?.type).toBe('linear.issue.changed');
    expect(row?.subject).toEqual({ podId: 'delta', projectId: 'payouts', personId: 'ada', workItemId: 'lin:DEL-12' });
    // A redelivery is acknowledged as a duplicate.
    const again = await stack.sendLinear(payload, { deliveryId: delivery });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
  });

  it('refuses a stale, a forged and an unsigned delivery with 401, and a signed non-JSON body with 400', async () => {
    const stale = await stack.sendLinear(linearIssueWebhook({ identifier: 'DEL-13', webhookTimestamp: Date.now() - 10 * 60_000 }));
    expect(stale.status).toBe(401);
    expect((await errorOf(stale)).message).toMatch(/webhookTimestamp/);
    expect((await stack.sendLinear(linearIssueWebhook({ identifier: 'DEL-13' }), { secret: 'wrong' })).status).toBe(401);
    expect((await stack.sendLinear(linearIssueWebhook({ identifier: 'DEL-13' }), { unsigned: true })).status).toBe(401);
    const garbage = await stack.sendLinear(undefined, { rawBody: 'not json at all' });
    expect(garbage.status).toBe(400);
    expect((await errorOf(garbage)).message).toContain('not valid JSON');
    expect((await stack.events()).filter((e) => e.subject.workItemId === 'lin:DEL-13')).toEqual([]);
  });
});

describe('delivery ids are claimed only once the events are on the bus', () => {
  let dynamo: ReturnType<typeof createDynamoClient>;
  let idempotency: DynamoIdempotencyStore;

  beforeAll(async () => {
    const { env } = loadConfig({ require: ['DYNAMODB_ENDPOINT'] });
    dynamo = createDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION ?? 'us-east-1' });
    const tables = await ensureDynamoTables(dynamo, `clos-${randomUUID().slice(0, 8)}`);
    idempotency = new DynamoIdempotencyStore({ client: dynamo, tableName: tables.idempotency });
  });

  afterAll(() => dynamo?.destroy());

  it('answers 503 when the bus is down, and takes the retry of the same delivery', async () => {
    const outbox = new OutboxBus({ db: stack.pool });
    let down = true;
    const flakyBus: EventBus = {
      publish: async (events: DomainEvent[]) => {
        if (down) throw new Error('connection refused');
        await outbox.publish(events);
      },
    };
    const api = await buildServer({
      healthChecks: [],
      webhooks: {
        bus: flakyBus,
        idempotency,
        enrichSubject: async () => ({}),
        githubWebhookSecret: GITHUB_SECRET,
        linearWebhookSecret: LINEAR_SECRET,
      },
    });
    try {
      const body = JSON.stringify(githubExample('ping'));
      const delivery = randomUUID();
      const send = () =>
        api.inject({
          method: 'POST',
          url: '/webhooks/github',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'ping',
            'x-github-delivery': delivery,
            'x-hub-signature-256': signGithubPayload(GITHUB_SECRET, body),
          },
          payload: body,
        });
      const failed = await send();
      expect(failed.statusCode).toBe(503);
      expect(failed.json()).toMatchObject({ error: { code: 'Unavailable' } });
      down = false;
      const retried = await send();
      expect(retried.statusCode).toBe(202);
      expect(retried.json()).toMatchObject({ duplicate: false });
      expect((await send()).statusCode).toBe(200);
      expect((await stack.events()).filter((e) => e.delivery_id === delivery)).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('publishes a redelivered delivery once: the redeliveries answer 200 without reaching the bus', async () => {
    const { api, published } = await countingBusApi(idempotency);
    try {
      const body = JSON.stringify({ ...githubExample('star', 'created'), starred_at: new Date().toISOString() });
      const delivery = randomUUID();
      const send = () =>
        api.inject({
          method: 'POST',
          url: '/webhooks/github',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'star',
            'x-github-delivery': delivery,
            'x-hub-signature-256': signGithubPayload(GITHUB_SECRET, body),
          },
          payload: body,
        });
      expect((await send()).statusCode).toBe(202);
      const again = await send();
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ duplicate: true, events: [{ type: 'webhook.unhandled' }] });
      expect((await send()).statusCode).toBe(200);
      expect(published).toHaveLength(1);
      expect((await stack.events()).filter((e) => e.delivery_id === delivery)).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('answers 401 to every delivery when no secret is configured', async () => {
    const api = await buildServer({
      healthChecks: [],
      webhooks: { bus: new OutboxBus({ db: stack.pool }), idempotency, enrichSubject: async () => ({}) },
    });
    try {
      const body = JSON.stringify(githubExample('ping'));
      const response = await api.inject({
        method: 'POST',
        url: '/webhooks/github',
        headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signGithubPayload('', body) },
        payload: body,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toContain('no GitHub webhook secret');
      const linear = await api.inject({
        method: 'POST',
        url: '/webhooks/linear',
        headers: { 'content-type': 'application/json', 'linear-delivery': randomUUID(), 'linear-signature': signLinearPayload('x', body) },
        payload: body,
      });
      expect(linear.statusCode).toBe(401);
    } finally {
      await api.close();
    }
  });
});

describe('replays and secret rotation', () => {
  it('refuses a signed body replayed under another delivery id with 409, and changes nothing', async () => {
    const payload = pullRequestPayload({ repo: REPO, number: 41, headSha: sha('replay-41'), action: 'opened', updatedAt: new Date().toISOString() });
    const body = JSON.stringify(payload);
    const original = randomUUID();
    const replay = randomUUID();
    expect((await stack.sendGithub('pull_request', undefined, { rawBody: body, deliveryId: original })).status).toBe(202);

    const replayed = await stack.sendGithub('pull_request', undefined, { rawBody: body, deliveryId: replay });
    expect(replayed.status).toBe(409);
    expect(await errorOf(replayed)).toMatchObject({ code: 'Conflict', message: expect.stringContaining('already accepted under another delivery id') });
    // GitHub's own redelivery keeps its id: a duplicate, answered 200, not a replay.
    const redelivered = await stack.sendGithub('pull_request', undefined, { rawBody: body, deliveryId: original });
    expect(redelivered.status).toBe(200);
    expect(await redelivered.json()).toMatchObject({ duplicate: true });

    const events = await stack.events();
    expect(events.filter((e) => e.delivery_id === replay)).toEqual([]);
    const accepted = events.filter((e) => e.delivery_id === original);
    expect(accepted.length).toBeGreaterThan(0);
    expect(new Set(accepted.map((e) => e.id)).size).toBe(accepted.length);
    // The same change under a new body (GitHub's next delivery differs at least in updated_at) goes through.
    const next = pullRequestPayload({ repo: REPO, number: 41, headSha: sha('replay-41'), action: 'opened', updatedAt: new Date(Date.now() + 1000).toISOString() });
    expect((await stack.sendGithub('pull_request', next)).status).toBe(202);
  });

  describe('with several secrets', () => {
    let dynamo: ReturnType<typeof createDynamoClient>;
    let idempotency: DynamoIdempotencyStore;

    beforeAll(async () => {
      const { env } = loadConfig({ require: ['DYNAMODB_ENDPOINT'] });
      dynamo = createDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION ?? 'us-east-1' });
      const tables = await ensureDynamoTables(dynamo, `clos-${randomUUID().slice(0, 8)}`);
      idempotency = new DynamoIdempotencyStore({ client: dynamo, tableName: tables.idempotency });
    });

    afterAll(() => dynamo?.destroy());

    it('accepts deliveries signed with the old or the new secret while rotating, and refuses any other', async () => {
      const { env } = loadConfig({ env: { GITHUB_WEBHOOK_SECRET: 'new-secret', GITHUB_WEBHOOK_SECRETS: ' old-secret , ' } });
      expect(env.GITHUB_WEBHOOK_SECRETS).toEqual(['old-secret']);
      const api = await buildServer({
        healthChecks: [],
        webhooks: {
          bus: new OutboxBus({ db: stack.pool }),
          idempotency,
          enrichSubject: async () => ({}),
          githubWebhookSecret: env.GITHUB_WEBHOOK_SECRET,
          githubWebhookSecrets: env.GITHUB_WEBHOOK_SECRETS,
        },
      });
      try {
        const send = (secret: string) => {
          const body = JSON.stringify({ ...githubExample('star', 'created'), starred_at: `${secret}-${randomUUID()}` });
          return api.inject({
            method: 'POST',
            url: '/webhooks/github',
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'star',
              'x-github-delivery': randomUUID(),
              'x-hub-signature-256': signGithubPayload(secret, body),
            },
            payload: body,
          });
        };
        expect((await send('old-secret')).statusCode).toBe(202);
        expect((await send('new-secret')).statusCode).toBe(202);
        const retired = await send('retired-secret');
        expect(retired.statusCode).toBe(401);
        expect(retired.json().error.message).toContain('does not match');
      } finally {
        await api.close();
      }
    });

    it('refuses a replayed body on the bus path too (the claim in DynamoDB), whichever case its signature is written in', async () => {
      const { api, published } = await countingBusApi(idempotency);
      try {
        const body = JSON.stringify({ ...githubExample('star', 'created'), starred_at: `replay-${randomUUID()}` });
        const signature = signGithubPayload(GITHUB_SECRET, body);
        const send = (deliveryId: string, signatureHeader: string) =>
          api.inject({
            method: 'POST',
            url: '/webhooks/github',
            headers: { 'content-type': 'application/json', 'x-github-event': 'star', 'x-github-delivery': deliveryId, 'x-hub-signature-256': signatureHeader },
            payload: body,
          });
        const original = randomUUID();
        expect((await send(original, signature)).statusCode).toBe(202);
        const replayed = await send(randomUUID(), signature);
        expect(replayed.statusCode).toBe(409);
        expect(replayed.json().error.message).toContain('already accepted under another delivery id');
        // The same HMAC in capitals is the same bytes: still a replay.
        expect((await send(randomUUID(), `sha256=${signature.slice('sha256='.length).toUpperCase()}`)).statusCode).toBe(409);
        // GitHub's redelivery keeps its id and passes as a duplicate.
        expect((await send(original, signature)).statusCode).toBe(200);
        expect(published).toHaveLength(1);
      } finally {
        await api.close();
      }
    });
  });
});
