import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parseClosConfig } from '@clos/domain';
import { createDynamoClient, DynamoIdempotencyStore, ensureDynamoTables } from '@clos/platform';
import { slashCommandRequest, startFakeSlack, type FakeSlack } from '@clos/slack/testing';
import { buildServer } from '../src/server.js';
import { createSlackBot } from '../src/slack/index.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * GET /api/plan, /api/assess and /api/metrics on the real Postgres, from records written
 * as the workflows and the Slack bot write them, with figures worked out by hand; the
 * usage counters counted by the real Slack bot and dashboard routes.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const CHECKOUT = `checkout-${s}`;
const REPO = `acme/pay-${s}`;
const SIGNING_SECRET = 'briefing-signing-secret';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 2
    repos: [${REPO}]
    members:
      - github: alice
        slack: U0ALICE${s}
        role: lead
      - github: bob
        role: member
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [acme/ops-${s}]
    members:
      - github: olga
        role: member
projects:
  - id: ${CHECKOUT}
    name: Checkout
    pod: ${PAY}
    template: delivery
    stageTimeLimitDays: 10
`;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let stack: RestStack;
const tokens = {} as Record<'alice' | 'payViewer' | 'opsViewer' | 'anonymousAgent', string>;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function pr(number: number, person: string, state: string, openedAgo: number, mergedAgo?: number): Promise<string> {
  const id = `gh:${REPO}#${number}`;
  await stack.pool.query(
    `INSERT INTO work_items (id, kind, pod_id, person_id, state, title, url, repo, number, opened_at, merged_at, created_at)
     VALUES ($1, 'pull_request', $2, $3, $4, $5, $6, $7, $8, $9, $10, $9)`,
    [id, PAY, person, state, `PR ${number}`, `https://github.com/${REPO}/pull/${number}`, REPO, number, ago(openedAgo), mergedAgo === undefined ? null : ago(mergedAgo)],
  );
  return id;
}

async function event(type: string, occurredAgo: number, subject: Record<string, string>, payload: unknown): Promise<void> {
  const id = randomUUID();
  await stack.pool.query(
    `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status, processed_at)
     VALUES ($1::uuid, $2, 'clos', $3, $3, $1::text, $1::text, $4, $5, 'done', now())`,
    [id, type, ago(occurredAgo), subject, payload],
  );
}

async function get(token: string | undefined, url: string) {
  const response = await stack.call('GET', url, token === undefined ? {} : { token });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers' shapes are what the assertions check
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
  const alice = await stack.issue('alice', { [PAY]: 'lead' });
  tokens.alice = alice.token;
  tokens.payViewer = (await stack.issue('pay viewer', { [PAY]: 'viewer' })).token;
  tokens.opsViewer = (await stack.issue('ops viewer', { [OPS]: 'viewer' })).token;
  tokens.anonymousAgent = (await stack.issue('agent', { [PAY]: 'member' })).token;
  // The token's person, as the leadership layer records it (added here when its migration has not).
  await stack.pool.query('ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS person_id text');
  await stack.pool.query('UPDATE api_tokens SET person_id = $2 WHERE id = $1', [alice.id, 'alice']);

  // Alice holds #1 (3 days), waits in the queue with #2 (second); Bob's #3 waits for a review, #4 has one.
  await pr(1, 'alice', 'held', 3 * DAY);
  const queued = await pr(2, 'alice', 'queued', 1 * DAY);
  await event('wip.queued', 1 * DAY, { podId: PAY, workItemId: queued }, { position: 2, reason: 'limit' });
  await pr(3, 'bob', 'held', 2 * DAY);
  await pr(4, 'bob', 'held', 4 * DAY);
  await event('pr.review_submitted', 1 * DAY, { podId: PAY }, { pullRequest: { repo: REPO, number: 4 }, review: { reviewer: 'alice', state: 'approved' } });
  await event('pr.review_submitted', 2 * DAY, { podId: PAY }, { pullRequest: { repo: REPO, number: 9 }, review: { reviewer: 'alice', state: 'commented' } });
  await event('pr.review_submitted', 2 * DAY, { podId: PAY }, { pullRequest: { repo: REPO, number: 9 }, review: { reviewer: 'bob', state: 'approved' } });
  // Merged this week: cycle times of 10 and 30 hours.
  await pr(5, 'alice', 'merged', 2 * DAY + 10 * HOUR, 2 * DAY);
  await pr(6, 'bob', 'merged', 3 * DAY + 30 * HOUR, 3 * DAY);
  // Checkout: build for 12 days of its 10 (entered 12 days ago, after 8 days in discovery).
  await stack.pool.query(`UPDATE projects SET current_stage = 'build', stage_entered_at = $2 WHERE id = $1`, [CHECKOUT, ago(12 * DAY)]);
  await stack.pool.query(
    `INSERT INTO stage_transitions (project_id, from_stage, to_stage, kind, actor, at) VALUES ($1, NULL, 'discovery', 'start', 'alice', $2), ($1, 'discovery', 'build', 'advance', 'alice', $3)`,
    [CHECKOUT, ago(20 * DAY), ago(12 * DAY)],
  );
  await stack.pool.query(`INSERT INTO evidence (project_id, stage_id, criterion_id, submitted_by, value, submitted_at) VALUES ($1, 'build', 'ci', 'alice', 'green', $2)`, [
    CHECKOUT,
    ago(2 * DAY),
  ]);
  // Blockers: Alice's open for 2 days, Bob's escalated for 8, one resolved yesterday.
  await stack.pool.query(
    `INSERT INTO blockers (pod_id, person_id, description, normalized, opened_at, escalated_at, resolved_at, resolved_by) VALUES
       ($1, 'alice', 'waiting on the bank sandbox', 'a', $2, NULL, NULL, NULL),
       ($1, 'bob', 'flaky e2e suite', 'b', $3, $2, NULL, NULL),
       ($1, 'bob', 'no staging db', 'c', $3, NULL, $4, 'bob')`,
    [PAY, ago(2 * DAY), ago(8 * DAY), ago(1 * DAY)],
  );
  await stack.pool.query(`INSERT INTO demos (project_id, pod_id, scheduled_for, scheduled_by) VALUES ($1, $2, current_date + 2, 'alice')`, [CHECKOUT, PAY]);
  // An idea accepted this week.
  const { rows } = await stack.pool.query<{ id: string }>(
    `INSERT INTO ideas (pod_id, title, impact, confidence, ease, status, submitted_by) VALUES ($1, 'Faster refunds', 5, 5, 5, 'accepted', 'bob') RETURNING id`,
    [PAY],
  );
  await stack.pool.query(`INSERT INTO idea_status_changes (idea_id, from_status, to_status, actor) VALUES ($1, 'proposed', 'accepted', 'alice')`, [rows[0]!.id]);
}, 120_000);

afterAll(() => stack?.close());

describe('GET /api/plan', () => {
  it("gives the token's person their day: held and queued work, reviews waiting, gates, blockers, demos, and citable facts", async () => {
    const { status, body } = await get(tokens.alice, '/api/plan');
    expect(status).toBe(200);
    expect(body.person).toMatchObject({ id: 'alice' });
    expect(body.day).toBe(new Date().toISOString().slice(0, 10));
    expect(body.inProgress.map((i: { id: string }) => i.id)).toEqual([`gh:${REPO}#1`]);
    expect(body.inProgress[0].ageDays).toBeCloseTo(3, 0);
    expect(body.queued).toEqual([expect.objectContaining({ id: `gh:${REPO}#2`, queuePosition: 2, state: 'queued' })]);
    // #4 has a review, #1 is Alice's own.
    expect(body.reviews.map((r: { id: string }) => r.id)).toEqual([`gh:${REPO}#3`]);
    expect(body.gates).toEqual([expect.objectContaining({ projectId: CHECKOUT, stage: 'build', limitDays: 10, overdue: true })]);
    expect(body.blockers.map((b: { description: string; mine: boolean }) => [b.description, b.mine])).toEqual([
      ['flaky e2e suite', false],
      ['waiting on the bank sandbox', true],
    ]);
    expect(body.demos).toHaveLength(1);
    expect(body.pods).toEqual([{ podId: PAY, wipLimit: 2, held: 3, queued: 1 }]);
    const kinds = body.facts.map((f: { kind: string }) => f.kind);
    expect(kinds).toEqual(['in-progress', 'queued', 'review', 'red', 'blocker', 'blocker']);
    expect(body.facts[3].summary).toContain(`project ${CHECKOUT}`);
    expect(body.facts[1]).toMatchObject({ summary: `queued in pod ${PAY} at position 2`, title: 'PR 2' });
  });

  it('asks a token acting for nobody to name a person, and shows only what the caller may read', async () => {
    const nobody = await get(tokens.anonymousAgent, '/api/plan');
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.message).toContain('person');
    const named = await get(tokens.anonymousAgent, '/api/plan?person=alice');
    expect(named.status).toBe(200);
    expect(named.body.inProgress).toHaveLength(1);
    // An Ops viewer asking for Alice sees none of Payments.
    const outsider = await get(tokens.opsViewer, '/api/plan?person=alice');
    expect(outsider.status).toBe(200);
    expect(outsider.body).toMatchObject({ inProgress: [], queued: [], reviews: [], gates: [], blockers: [], pods: [], facts: [] });
    expect((await get(tokens.alice, '/api/plan?person=nobody')).status).toBe(404);
    expect((await get(undefined, '/api/plan')).status).toBe(401);
  });
});

describe('GET /api/assess', () => {
  it("assesses a pod with the numbers behind each statement", async () => {
    const { status, body } = await get(tokens.payViewer, `/api/assess?pod=${PAY}&period=week`);
    expect(status).toBe(200);
    expect(body.window.days).toBe(7);
    expect(body.flow).toEqual({ merged: 2, cycleTimeHours: { p50: 20, p85: 27 } });
    expect(body.wip.open).toBe(4);
    expect(body.blockers).toEqual({ open: 2, opened: 1, resolved: 1, openAgeDaysP50: 5 });
    expect(body.gates).toMatchObject({ transitions: 0, evidence: 1, projects: [{ projectId: CHECKOUT, overdue: true, limitDays: 10 }] });
    expect(body.reviews).toEqual({ given: 3, byReviewer: [{ reviewer: 'alice', count: 2 }, { reviewer: 'bob', count: 1 }] });
    const flow = body.statements.find((x: { topic: string }) => x.topic === 'flow');
    expect(flow.text).toContain('merged 2 PRs; median cycle time 20 hours');
    expect(flow.figures).toEqual({ merged: 2, cycleTimeP50Hours: 20, cycleTimeP85Hours: 27 });
    const gates = body.statements.find((x: { topic: string }) => x.topic === 'gates');
    expect(gates.figures.overdue).toBe(1);
    expect(gates.text).toContain(`${CHECKOUT} (`);
  });

  it('assesses a person: their merges, open work, blockers and reviews', async () => {
    const { status, body } = await get(tokens.payViewer, '/api/assess?person=alice&period=30d');
    expect(status).toBe(200);
    expect(body.subject).toEqual({ kind: 'person', id: 'alice' });
    expect(body.flow).toEqual({ merged: 1, cycleTimeHours: { p50: 10, p85: 10 } });
    expect(body.wip.open).toBe(2);
    expect(body.blockers).toMatchObject({ open: 1, opened: 1, resolved: 0 });
    expect(body.reviews.given).toBe(2);
    expect(body.gates).toMatchObject({ transitions: 2, evidence: 1 });
  });

  it('refuses bad input and pods the caller cannot see', async () => {
    // A pod takes precedence; without either, the token's own person (this one acts for nobody).
    expect((await get(tokens.payViewer, `/api/assess?pod=${PAY}&person=alice`)).body.subject).toEqual({ kind: 'pod', id: PAY });
    const neither = await get(tokens.payViewer, '/api/assess');
    expect(neither.status).toBe(404);
    expect(JSON.stringify(neither.body)).toContain('acts for no person');
    expect((await get(tokens.alice, '/api/assess')).body.subject).toEqual({ kind: 'person', id: 'alice' });
    const period = await get(tokens.payViewer, `/api/assess?pod=${PAY}&period=fortnight`);
    expect(period.status).toBe(400);
    expect(JSON.stringify(period.body)).toContain('period');
    expect((await get(tokens.opsViewer, `/api/assess?pod=${PAY}`)).status).toBe(403);
    expect((await get(undefined, `/api/assess?pod=${PAY}`)).status).toBe(401);
  });
});

describe('GET /api/metrics', () => {
  let slack: FakeSlack;
  let dashboardRoot: string;
  let server: FastifyInstance;

  beforeAll(async () => {
    slack = await startFakeSlack();
    dashboardRoot = mkdtempSync(join(tmpdir(), 'clos-briefing-dashboard-'));
    mkdirSync(join(dashboardRoot, 'pod'));
    mkdirSync(join(dashboardRoot, '_next'));
    writeFileSync(join(dashboardRoot, 'index.html'), '<h1>overview</h1>');
    writeFileSync(join(dashboardRoot, 'pod', 'index.html'), '<h1>pod</h1>');
    writeFileSync(join(dashboardRoot, '_next', 'app.js'), 'console.log(1)');
    const dynamo = createDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT!, region: 'us-east-1' });
    const tables = await ensureDynamoTables(dynamo, `clos-briefing-${s}`);
    const config = parseClosConfig(CLOS_YML, 'clos.yml');
    const bot = createSlackBot({
      signingSecret: SIGNING_SECRET,
      botToken: 'xoxb-briefing',
      apiUrl: slack.apiUrl,
      config: { current: () => config },
      pool: stack.pool,
      temporal: stack.temporal,
      idempotency: new DynamoIdempotencyStore({ client: dynamo, tableName: tables.idempotency }),
    });
    server = await buildServer({ healthChecks: [], slack: bot, dashboardDir: dashboardRoot, rest: { pool: stack.pool, temporal: stack.temporal, config: { current: () => config } } });
    await server.ready();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await slack?.close();
    if (dashboardRoot) rmSync(dashboardRoot, { recursive: true, force: true });
  });

  it('sums stage cycle time, WIP violations and ideas evaluated per week, and counts Slack commands and dashboard views per day', async () => {
    const before = await get(tokens.payViewer, '/api/metrics?weeks=4');
    const countOf = (days: { day: string; count: number }[]) => days.find((d) => d.day === new Date().toISOString().slice(0, 10))?.count ?? 0;
    const slackBefore = countOf(before.body.slackCommandsPerDay);
    const viewsBefore = countOf(before.body.dashboardViewsPerDay);

    for (const text of ['help', 'help']) {
      const request = slashCommandRequest({ command: '/wip', text, userId: `U0ALICE${s}`, responseUrl: slack.responseUrl(randomUUID()) }, { signingSecret: SIGNING_SECRET });
      const answer = await server.inject({ method: 'POST', url: '/slack/events', headers: request.headers, payload: request.payload });
      expect(answer.statusCode).toBe(200);
    }
    // A forged command is refused before it counts.
    const forged = slashCommandRequest({ command: '/wip', text: 'help', userId: `U0ALICE${s}`, responseUrl: slack.responseUrl('x') }, { signingSecret: 'wrong' });
    expect((await server.inject({ method: 'POST', url: '/slack/events', headers: forged.headers, payload: forged.payload })).statusCode).toBe(401);
    expect((await server.inject({ url: '/' })).statusCode).toBe(200);
    expect((await server.inject({ url: '/pod/?id=x' })).statusCode).toBe(200);
    expect((await server.inject({ url: '/_next/app.js' })).statusCode).toBe(200);

    // The counts are written after the answers: wait until they land.
    let after = before;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      after = await get(tokens.payViewer, '/api/metrics?weeks=4');
      if (countOf(after.body.slackCommandsPerDay) === slackBefore + 2 && countOf(after.body.dashboardViewsPerDay) === viewsBefore + 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(after.status).toBe(200);
    expect(countOf(after.body.slackCommandsPerDay)).toBe(slackBefore + 2);
    expect(countOf(after.body.dashboardViewsPerDay)).toBe(viewsBefore + 2);

    expect(after.body.stageCycleTime).toEqual([{ templateId: 'delivery', stage: 'discovery', medianDays: 8, count: 1 }]);
    const sum = (rows: { count?: number; accepted?: number }[], key: 'count' | 'accepted') => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
    expect(after.body.wipViolationsPerWeek).toHaveLength(5);
    expect(sum(after.body.wipViolationsPerWeek, 'count')).toBe(1);
    expect(sum(after.body.ideasEvaluatedPerWeek, 'accepted')).toBe(1);
    // Pod-bound figures follow the caller's pods.
    const ops = await get(tokens.opsViewer, '/api/metrics');
    expect(ops.body.stageCycleTime).toEqual([]);
    expect(sum(ops.body.wipViolationsPerWeek, 'count')).toBe(0);
    expect((await get(tokens.payViewer, '/api/metrics?weeks=0')).status).toBe(400);
  });
});
