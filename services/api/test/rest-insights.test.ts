import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { weekStartOf, type DomainEvent } from '@clos/domain';
import { loadConfig, OutboxBus } from '@clos/platform';
import { bundleWorkflows, createHealthActivities, ensureHealthSchedule, recordPodHealthSnapshots } from '@clos/workflows';
import { eventually } from './support/enforcement-stack.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * Pod health (the scan and its schedule), flow and DORA, the funnel and the live event
 * stream, on real Postgres and Temporal, with numbers worked out by hand from the seeds.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const CHECKOUT = `checkout-${s}`;
const REFUNDS = `refunds-${s}`;
const UPTIME = `uptime-${s}`;
const REPO = `acme/pay-${s}`;
const OPS_REPO = `acme/ops-${s}`;

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
        slack: U0BOB${s}
        role: member
      - github: carol
        slack: U0CAROL${s}
        role: viewer
      - github: dave
        role: member
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [${OPS_REPO}]
    members:
      - github: olga
        role: member
projects:
  - id: ${CHECKOUT}
    name: Checkout
    pod: ${PAY}
    template: delivery
    stageTimeLimitDays: 10
  - id: ${REFUNDS}
    name: Refunds
    pod: ${PAY}
    template: delivery
  - id: ${UPTIME}
    name: Uptime
    pod: ${OPS}
    template: delivery
`;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let stack: RestStack;
const tokens = {} as Record<'viewerA' | 'viewerB' | 'admin', string>;
const startedAt = Date.now();
// Two scans yesterday (UTC) at noon and 1 pm: the same seven-day standup window, both before the scheduled one.
const yesterdayNoon = Math.floor(startedAt / DAY) * DAY - DAY + 12 * HOUR;
const AT1 = new Date(yesterdayNoon).toISOString();
const AT2 = new Date(yesterdayNoon + HOUR).toISOString();
const iso = (ms: number) => new Date(ms).toISOString();

async function insertEvent(type: string, occurredAt: number, subject: Record<string, string>, payload: unknown): Promise<string> {
  const id = randomUUID();
  const { rows } = await stack.pool.query<{ seq: string }>(
    `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status, processed_at)
     VALUES ($1::uuid, $2, 'github', $3, $3, $1::text, $1::text, $4, $5, 'done', now()) RETURNING seq::text`,
    [id, type, iso(occurredAt), subject, payload],
  );
  return rows[0]!.seq;
}

function pullRequest(repo: string, number: number, merged = false) {
  return {
    repo,
    number,
    title: `Change ${number}`,
    body: null,
    url: `https://github.com/${repo}/pull/${number}`,
    headSha: 'a'.repeat(40),
    headRef: `feature-${number}`,
    baseRef: 'main',
    author: 'alice',
    draft: false,
    labels: [],
    state: merged ? 'closed' : 'open',
    merged,
  };
}

async function seedHealth(): Promise<void> {
  const at = Date.parse(AT1);
  // WIP: 2 held + 1 queued against a limit of 2 → demand 1.5.
  for (const [n, state, ageMs] of [
    [1, 'held', 2 * DAY],
    [2, 'held', DAY],
    [3, 'queued', 3 * HOUR],
  ] as const) {
    await stack.pool.query(
      `INSERT INTO work_items (id, kind, pod_id, state, title, url, repo, number, created_at)
       VALUES ($1, 'pull_request', $2, $3, $4, $5, $6, $7, $8)`,
      [`gh:${REPO}#${n}`, PAY, state, `Work ${n}`, `https://github.com/${REPO}/pull/${n}`, REPO, n, iso(startedAt - ageMs)],
    );
  }
  // Three items queued over the limit in the window (one of them twice), one before it.
  for (const [n, ago] of [
    [101, DAY],
    [102, 2 * DAY],
    [103, 3 * DAY],
    [103, 3 * DAY - HOUR],
    [104, 9 * DAY],
  ] as const) {
    await insertEvent('wip.queued', at - ago, { podId: PAY, workItemId: `gh:${REPO}#${n}` }, { position: 1 });
  }
  // One escalation in the window, one before it, one of the other pod.
  await insertEvent('stage.escalated', at - 2 * DAY, { podId: PAY, projectId: CHECKOUT }, { stageId: 'idea' });
  await insertEvent('stage.escalated', at - 8 * DAY, { podId: PAY, projectId: CHECKOUT }, { stageId: 'idea' });
  await insertEvent('stage.escalated', at - DAY, { podId: OPS, projectId: UPTIME }, { stageId: 'idea' });
  // The oldest open blocker is 4 days old at AT1, resolved between the two scans.
  await stack.pool.query(
    `INSERT INTO blockers (pod_id, person_id, description, normalized, opened_at, resolved_at, resolved_by)
     VALUES ($1, 'bob', 'waiting for the bank', 'waiting for the bank', $2, $3, 'bob'),
            ($1, 'alice', 'old one', 'old one', $4, $5, 'alice')`,
    [PAY, iso(at - 4 * DAY), iso(at + HOUR / 2), iso(at - 20 * DAY), iso(at - 10 * DAY)],
  );
  // Checkout is 5 days into a stage of 10: ratio 0.5.
  await stack.pool.query(`UPDATE projects SET current_stage = 'idea', stage_entered_at = $2 WHERE id = $1`, [CHECKOUT, iso(at - 5 * DAY)]);
  // Standups: the 7 days before AT1's day hold 5 working days; alice (lead) and bob (member) are expected,
  // carol (viewer) and dave (no Slack) are not. alice answers all 5, bob 1: 6 of 10.
  const today = Math.floor(at / DAY) * DAY;
  const workingDays = [1, 2, 3, 4, 5, 6, 7].map((i) => new Date(today - i * DAY)).filter((d) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6);
  const weekendDay = [1, 2, 3, 4, 5, 6, 7].map((i) => new Date(today - i * DAY)).find((d) => d.getUTCDay() === 0 || d.getUTCDay() === 6)!;
  const standups: [string, Date][] = [
    ...workingDays.map((d) => ['alice', d] as [string, Date]),
    ['bob', workingDays[0]!],
    ['bob', weekendDay],
    ['bob', new Date(today)],
    ['carol', workingDays[1]!],
  ];
  for (const [person, day] of standups) {
    await stack.pool.query(`INSERT INTO standups (pod_id, person_id, day, confidence) VALUES ($1, $2, $3, 4)`, [
      PAY,
      person,
      day.toISOString().slice(0, 10),
    ]);
  }
}

async function seedFlow(): Promise<void> {
  const t = startedAt;
  const pr = (n: number, merged = false) => ({ pullRequest: pullRequest(REPO, n, merged) });
  const subject = { podId: PAY };
  // Cycle times 10 h, 20 h and 48 h; PR 4 closed unmerged; an Ops PR elsewhere.
  await insertEvent('pr.opened', t - 10 * DAY, subject, pr(11));
  await insertEvent('pr.closed', t - 10 * DAY + 10 * HOUR, subject, pr(11, true));
  await insertEvent('pr.opened', t - 8 * DAY, subject, pr(12));
  await insertEvent('pr.synchronized', t - 8 * DAY + HOUR, subject, pr(12));
  await insertEvent('pr.closed', t - 8 * DAY + 20 * HOUR, subject, pr(12, true));
  await insertEvent('pr.opened', t - 5 * DAY, subject, pr(13));
  await insertEvent('pr.closed', t - 3 * DAY, subject, pr(13, true));
  await insertEvent('pr.opened', t - 4 * DAY, subject, pr(14));
  await insertEvent('pr.closed', t - 4 * DAY + HOUR, subject, pr(14));
  await insertEvent('pr.opened', t - 6 * DAY, { podId: OPS }, { pullRequest: pullRequest(OPS_REPO, 1) });
  await insertEvent('pr.closed', t - 6 * DAY + HOUR, { podId: OPS }, { pullRequest: pullRequest(OPS_REPO, 1, true) });
  const deployment = (deploymentId: number, state: string, environment = 'production') => ({
    repo: REPO,
    environment,
    state,
    sha: 'e'.repeat(40),
    deploymentId,
  });
  await insertEvent('deployment.status_changed', t - 10 * DAY + 11 * HOUR, subject, deployment(1, 'in_progress'));
  await insertEvent('deployment.status_changed', t - 10 * DAY + 12 * HOUR, subject, deployment(1, 'success')); // PR 11: 12 h
  await insertEvent('deployment.status_changed', t - 7 * DAY, subject, deployment(2, 'failure'));
  await insertEvent('deployment.status_changed', t - 7 * DAY + 3 * HOUR, subject, deployment(3, 'success')); // restores in 3 h; PR 12: 27 h
  await insertEvent('deployment.status_changed', t - 2 * DAY, subject, deployment(4, 'success')); // PR 13: 72 h
  await insertEvent('deployment.status_changed', t - 2 * DAY, subject, deployment(5, 'success', 'staging'));
}

async function seedFunnel(): Promise<void> {
  const transition = (project: string, from: string | null, to: string, daysAgo: number) =>
    stack.pool.query(`INSERT INTO stage_transitions (project_id, from_stage, to_stage, kind, at) VALUES ($1, $2, $3, $4, $5)`, [
      project,
      from,
      to,
      from === null ? 'start' : 'advance',
      iso(startedAt - daysAgo * DAY),
    ]);
  await transition(CHECKOUT, null, 'idea', 20);
  await transition(CHECKOUT, 'idea', 'discovery', 12);
  await transition(REFUNDS, null, 'idea', 2);
  await transition(UPTIME, null, 'idea', 30);
  await transition(UPTIME, 'idea', 'discovery', 20);
  await transition(UPTIME, 'discovery', 'build', 10);
  await stack.pool.query(`UPDATE projects SET current_stage = 'idea', stage_entered_at = $2 WHERE id = $1`, [REFUNDS, iso(startedAt - 2 * DAY)]);
  await stack.pool.query(`UPDATE projects SET current_stage = 'build', stage_entered_at = $2 WHERE id = $1`, [UPTIME, iso(startedAt - 10 * DAY)]);
  for (const [pod, status] of [
    [PAY, 'accepted'],
    [PAY, 'proposed'],
    [PAY, 'proposed'],
    [PAY, 'rejected'],
    [OPS, 'proposed'],
  ] as const) {
    await stack.pool.query(`INSERT INTO ideas (pod_id, title, impact, confidence, ease, status, submitted_by) VALUES ($1, 'An idea', 5, 5, 5, $2, 'alice')`, [
      pod,
      status,
    ]);
  }
}

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
  tokens.viewerA = (await stack.issue('viewerA', { [PAY]: 'viewer' })).token;
  tokens.viewerB = (await stack.issue('viewerB', { [OPS]: 'viewer' })).token;
  tokens.admin = (await stack.issue('admin', { '*': 'admin' })).token;
  await seedHealth();
  await seedFlow();
  await seedFunnel();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const get = <T>(url: string, token: string) => stack.call('GET', url, { token }).then((r) => ({ status: r.statusCode, body: r.json<T>() }));

describe('pod health', () => {
  it('scores each pod from the record, component by component', async () => {
    const snapshots = await recordPodHealthSnapshots({ db: stack.pool }, { at: AT1 });
    const pay = snapshots.find((x) => x.podId === PAY)!;
    const metric = (name: string) => pay.components.find((c) => c.metric === name);
    expect(metric('wipUtilisation')).toMatchObject({ value: 1.5, score: 50, failing: false });
    expect(metric('wipViolations')).toMatchObject({ value: 3, score: 40, failing: true });
    expect(metric('blockerAgeDays')).toMatchObject({ value: 4, score: 50, failing: true });
    expect(metric('timeInStageRatio')).toMatchObject({ value: 0.5, score: 100, failing: false });
    expect(metric('standupParticipation')).toMatchObject({ value: 0.6, score: 50, failing: false });
    expect(metric('escalations')).toMatchObject({ value: 1, score: 75, failing: false });
    // 0.2×50 + 0.15×40 + 0.2×50 + 0.2×100 + 0.15×50 + 0.1×75 = 61
    expect(pay).toMatchObject({ at: AT1, score: 61, failing: ['wipViolations', 'blockerAgeDays'] });

    // Ops: no WIP, nothing queued or blocked, no stage limit, nobody on Slack; its escalation counts.
    const ops = snapshots.find((x) => x.podId === OPS)!;
    expect(ops.components.map((c) => c.metric)).toEqual(['wipUtilisation', 'wipViolations', 'blockerAgeDays', 'escalations']);
    // (0.2×100 + 0.15×100 + 0.2×100 + 0.1×75) ÷ 0.65 = 96.2
    expect(ops).toMatchObject({ score: 96, failing: [] });
  });

  it('keeps history: a later scan sees the blocker resolved; the api serves current, history and trend', async () => {
    const [later] = (await recordPodHealthSnapshots({ db: stack.pool }, { at: AT2 })).filter((x) => x.podId === PAY);
    expect(later).toMatchObject({ score: 71, failing: ['wipViolations'] });
    // Running a scan again for the same time rewrites its rows.
    await recordPodHealthSnapshots({ db: stack.pool }, { at: AT2 });

    const pod = await get<{
      podId: string;
      current: { at: string; score: number; failing: string[]; components: unknown[] };
      history: { items: { at: string; score: number; failing: string[] }[]; nextCursor: string | null };
    }>(`/api/pods/${PAY}/health?limit=1`, tokens.viewerA);
    expect(pod.status).toBe(200);
    expect(pod.body.current).toMatchObject({ at: AT2, score: 71, failing: ['wipViolations'] });
    expect(pod.body.current.components).toHaveLength(6);
    expect(pod.body.history.items).toEqual([{ at: AT2, score: 71, failing: ['wipViolations'] }]);
    const next = await get<{ history: { items: unknown[]; nextCursor: string | null } }>(
      `/api/pods/${PAY}/health?limit=1&cursor=${pod.body.history.nextCursor}`,
      tokens.viewerA,
    );
    expect(next.body.history).toEqual({ items: [{ at: AT1, score: 61, failing: ['wipViolations', 'blockerAgeDays'] }], nextCursor: null });

    const overview = await get<{ pods: { podId: string; name: string; score: number; trend: { at: string; score: number }[] }[] }>(
      '/api/health',
      tokens.viewerA,
    );
    expect(overview.body.pods).toEqual([
      expect.objectContaining({ podId: PAY, name: 'Payments', score: 71, failing: ['wipViolations'], trend: [{ at: AT1, score: 61 }, { at: AT2, score: 71 }] }),
    ]);
    const all = await get<{ pods: { podId: string; score: number }[] }>('/api/health', tokens.admin);
    expect(all.body.pods.map((p) => [p.podId, p.score])).toEqual([
      [OPS, 96],
      [PAY, 71],
    ]);

    const bad = await stack.call('GET', `/api/pods/${PAY}/health?cursor=nonsense`, { token: tokens.viewerA });
    // A well-formed cursor this API never issued names no page (ADR 0015).
    expect(bad.statusCode).toBe(404);
    expect(JSON.stringify(bad.body)).toContain('querystring.cursor');
    expect((await stack.call('GET', `/api/pods/nope-${s}/health`, { token: tokens.admin })).statusCode).toBe(404);

    const metrics = (await stack.call('GET', '/metrics')).body;
    expect(metrics).toContain(`clos_pod_health_score{pod="${PAY}"} 71`);
    expect(metrics).toContain(`clos_pod_health_failing_metrics{pod="${PAY}"} 1`);
  });

  it('runs hourly as a Temporal Schedule whose scan stores a snapshot of every pod', async () => {
    const { env } = loadConfig({ require: ['TEMPORAL_ADDRESS'] });
    const taskQueue = `clos-health-${randomUUID()}`;
    const scheduleId = `clos-pod-health-test-${randomUUID()}`;
    const native = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
    const worker = await Worker.create({
      connection: native,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowBundle: await bundleWorkflows(),
      activities: createHealthActivities({ db: stack.pool, temporal: stack.temporal }),
    });
    const running = worker.run();
    try {
      await ensureHealthSchedule(stack.temporal, { taskQueue, scheduleId });
      // Calling it again (every boot does) updates rather than fails.
      await ensureHealthSchedule(stack.temporal, { taskQueue, scheduleId });
      const handle = stack.temporal.schedule.getHandle(scheduleId);
      const described = await handle.describe();
      expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 3_600_000 })]);
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'podHealthScan', taskQueue });

      await handle.trigger();
      const latest = await eventually('the scheduled scan to store snapshots', async () => {
        const { rows } = await stack.pool.query<{ pod_id: string; at: Date }>(
          'SELECT pod_id, at FROM pod_health_snapshots WHERE at > $1 AND pod_id = ANY($2) ORDER BY pod_id',
          [AT2, [PAY, OPS]],
        );
        return rows.length === 2 ? rows : undefined;
      });
      expect(latest.map((r) => r.pod_id)).toEqual([OPS, PAY].sort());
      expect(latest[0]!.at.getTime()).toBeGreaterThanOrEqual(startedAt - 60_000);
      const pod = await get<{ current: { at: string } }>(`/api/pods/${PAY}/health`, tokens.viewerA);
      expect(Date.parse(pod.body.current.at)).toBe(latest.find((r) => r.pod_id === PAY)!.at.getTime());
      await handle.delete();
    } finally {
      worker.shutdown();
      await running;
      await native.close();
    }
  }, 120_000);
});

describe('flow and DORA', () => {
  it('measures cycle time, throughput, WIP age and the DORA keys of known PRs and deployments', async () => {
    const flow = await get<{
      podId: string;
      window: { from: string; to: string; days: number };
      cycleTimeHours: { p50: number; p85: number; count: number };
      throughput: { weekStart: string; count: number }[];
      cycleTime: { weekStart: string; p50Hours: number | null }[];
      wipAge: { itemId: string; ageHours: number }[];
      dora: Record<string, number | null>;
    }>(`/api/pods/${PAY}/flow?days=30`, tokens.viewerA);
    expect(flow.status).toBe(200);
    expect(flow.body.window.days).toBe(30);
    expect(Date.parse(flow.body.window.to) - Date.parse(flow.body.window.from)).toBe(30 * DAY);
    expect(flow.body.cycleTimeHours).toEqual({ p50: 20, p85: 39.6, count: 3 });
    // Every week of the window is listed; the three merges land in the weeks they were merged.
    expect(flow.body.throughput.length).toBeGreaterThanOrEqual(5);
    expect(flow.body.throughput.reduce((sum, w) => sum + w.count, 0)).toBe(3);
    const merges = [startedAt - 10 * DAY + 10 * HOUR, startedAt - 8 * DAY + 20 * HOUR, startedAt - 3 * DAY];
    for (const merge of merges) {
      expect(flow.body.throughput.find((w) => w.weekStart === weekStartOf(merge))!.count).toBe(merges.filter((m) => weekStartOf(m) === weekStartOf(merge)).length);
    }
    expect(flow.body.cycleTime.map((w) => w.weekStart)).toEqual(flow.body.throughput.map((w) => w.weekStart));
    expect(flow.body.wipAge.map((w) => w.itemId)).toEqual([`gh:${REPO}#1`, `gh:${REPO}#2`, `gh:${REPO}#3`]);
    const ages = flow.body.wipAge.map((w) => w.ageHours);
    [48, 24, 3].forEach((hours, i) => {
      expect(ages[i]).toBeGreaterThanOrEqual(hours);
      expect(ages[i]).toBeLessThan(hours + 0.5);
    });
    expect(flow.body.dora).toEqual({
      deploymentsPerWeek: 0.7, // 3 successful production deployments in 30 days
      leadTimeHours: 27, // median of 12, 27 and 72
      changeFailureRate: 0.25, // 1 failed of 4 finished
      timeToRestoreHours: 3,
      reworkRate: 0.33, // 1 of 3 successes restored a failure
      deployments: 4,
    });

    const week = await get<{ cycleTimeHours: { count: number }; dora: { deployments: number } }>(`/api/pods/${PAY}/flow?days=4`, tokens.viewerA);
    expect(week.body.cycleTimeHours.count).toBe(1);
    expect(week.body.dora.deployments).toBe(1);
  });

  it('refuses a bad window and an unknown pod, naming what is wrong', async () => {
    const bad = await stack.call('GET', `/api/pods/${PAY}/flow?days=0`, { token: tokens.viewerA });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/days/);
    expect((await stack.call('GET', `/api/pods/${PAY}/flow?days=lots`, { token: tokens.viewerA })).statusCode).toBe(400);
    expect((await stack.call('GET', `/api/pods/nope-${s}/flow`, { token: tokens.admin })).statusCode).toBe(404);
  });
});

describe('the stage funnel', () => {
  it('counts the projects the caller sees per stage, with median days and conversion, and the idea ledger', async () => {
    type Funnel = { stages: { stageId: string; count: number; medianDaysInStage: number | null; conversion: number | null; order: number }[]; ideas: unknown };
    const funnel = await get<Funnel>('/api/funnel', tokens.viewerA);
    expect(funnel.status).toBe(200);
    const stage = (f: Funnel, id: string) => f.stages.find((x) => x.stageId === id)!;
    expect(funnel.body.stages.map((x) => [x.stageId, x.order])).toEqual([
      ['idea', 0],
      ['discovery', 1],
      ['build', 2],
      ['launch', 3],
      ['done', 4],
    ]);
    // Checkout sits in idea (the health seed put it back there) beside Refunds; both entered idea, Checkout went on.
    expect(stage(funnel.body, 'idea')).toMatchObject({ count: 2, conversion: 0.5 });
    const checkoutDays = (startedAt - (Date.parse(AT1) - 5 * DAY)) / DAY;
    expect(stage(funnel.body, 'idea').medianDaysInStage).toBeCloseTo((checkoutDays + 2) / 2, 1);
    expect(stage(funnel.body, 'discovery')).toMatchObject({ count: 0, medianDaysInStage: null, conversion: 0 });
    expect(stage(funnel.body, 'build')).toMatchObject({ count: 0, conversion: null });
    expect(stage(funnel.body, 'done')).toMatchObject({ conversion: null });
    expect(funnel.body.ideas).toEqual({ accepted: 1, open: 2 });

    const all = await get<Funnel>('/api/funnel', tokens.admin);
    expect(stage(all.body, 'idea').conversion).toBe(0.67);
    expect(stage(all.body, 'build')).toMatchObject({ count: 1, conversion: 0 });
    expect(stage(all.body, 'build').medianDaysInStage).toBeCloseTo(10, 1);
  });
});

describe('the live event stream', () => {
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = (await stack.app.listen({ port: 0, host: '127.0.0.1' })).replace('0.0.0.0', '127.0.0.1');
  });

  /** Opens the stream and collects its `activity` events as they come. */
  async function open(token: string, options: { query?: string; lastEventId?: string } = {}) {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/api/stream${options.query ?? ''}`, {
      headers: { authorization: `Bearer ${token}`, ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}) },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const received: { id: string; event: string; data: { seq: string; type: string; subject: { podId?: string }; summary: string } }[] = [];
    let text = '';
    let ended = false;
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          text += decoder.decode(chunk, { stream: true });
          let cut: number;
          while ((cut = text.indexOf('\n\n')) >= 0) {
            const block = text.slice(0, cut);
            text = text.slice(cut + 2);
            const fields = Object.fromEntries(
              block
                .split('\n')
                .filter((line) => !line.startsWith(':') && line.includes(':'))
                .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
            );
            if (fields.event === 'activity') received.push({ id: fields.id!, event: fields.event, data: JSON.parse(fields.data!) });
          }
        }
      } catch {
        // Aborted by the test.
      }
      ended = true;
    })();
    return { response, received, ended: () => ended, reading, close: () => controller.abort() };
  }

  function event(repo: string, podId: string, number: number): DomainEvent {
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      type: 'pr.opened',
      source: 'github',
      occurredAt: now,
      receivedAt: now,
      deliveryId: randomUUID(),
      correlationId: randomUUID(),
      subject: { podId },
      payload: { pullRequest: pullRequest(repo, number) },
    } as DomainEvent;
  }

  const clients = async () => Number(/clos_event_stream_clients (\d+)/.exec((await stack.call('GET', '/metrics')).body)?.[1]);

  it('sends each new outbox row the caller may see, never another pod’s, and honours Last-Event-ID', async () => {
    const a = await open(tokens.viewerA);
    const b = await open(tokens.viewerB);
    expect(a.response.status).toBe(200);
    expect(a.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await eventually('both streams to be open', async () => ((await clients()) === 2 ? true : undefined));

    const bus = new OutboxBus({ db: stack.pool });
    await bus.publish([event(OPS_REPO, OPS, 5)]);
    await bus.publish([event(REPO, PAY, 12)]);
    const got = await eventually('pod A’s event on its stream', async () => (a.received.length > 0 ? a.received : undefined));
    expect(got[0]!.data).toMatchObject({ type: 'pr.opened', subject: { podId: PAY }, summary: `PR #12 opened in ${REPO} by alice` });
    expect(got[0]!.id).toBe(got[0]!.data.seq);
    const other = await eventually('pod B’s event on its stream', async () => (b.received.length > 0 ? b.received : undefined));
    expect(other.map((e) => e.data.subject.podId)).toEqual([OPS]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.received.map((e) => e.data.subject.podId)).toEqual([PAY]);

    // Reconnecting with the last id seen resumes right after it: nothing repeated, nothing lost.
    const seq = BigInt(got[0]!.id);
    const resumed = await open(tokens.viewerA, { lastEventId: (seq - 1n).toString() });
    const replay = await eventually('the replay after Last-Event-ID', async () => (resumed.received.length > 0 ? resumed.received : undefined));
    expect(replay.map((e) => e.id)).toEqual([seq.toString()]);
    await bus.publish([event(REPO, PAY, 13)]);
    await eventually('the next event on both of A’s streams', async () => (a.received.length === 2 && resumed.received.length === 2 ? true : undefined));
    expect(resumed.received[1]!.data.summary).toBe(`PR #13 opened in ${REPO} by alice`);

    // A filter on a pod the caller may not see is refused.
    const refused = await fetch(`${baseUrl}/api/stream?podId=${OPS}`, { headers: { authorization: `Bearer ${tokens.viewerA}` } });
    expect(refused.status).toBe(403);
    const badId = await fetch(`${baseUrl}/api/stream`, { headers: { authorization: `Bearer ${tokens.viewerA}`, 'last-event-id': 'abc' } });
    expect(badId.status).toBe(400);

    // Clients going away are let go.
    for (const stream of [a, b, resumed]) stream.close();
    await eventually('the streams to be released', async () => ((await clients()) === 0 ? true : undefined));
  });

  it('ends open streams when the server closes', async () => {
    const stream = await open(tokens.admin, { query: `?podId=${PAY}` });
    await eventually('the stream to be open', async () => ((await clients()) === 1 ? true : undefined));
    await stack.app.close();
    await stream.reading;
    expect(stream.ended()).toBe(true);
  });
});
