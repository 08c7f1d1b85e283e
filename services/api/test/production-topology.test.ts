import { randomBytes } from 'node:crypto';
import { countDuplicateWrites, statusWrites } from '@clos/github/testing';
import { eventually } from './support/eventually.js';
import { pullRequestPayload, pushPayload, sha } from './support/github-payloads.js';
import { startProcessCluster, type ProcessCluster } from './support/process-cluster.js';

/**
 * CLOS as it runs in production: the api, two processors and the worker as separate OS
 * processes from their own entry points, on EventBridge → SQS, Postgres, Temporal and
 * DynamoDB, with GitHub's signed deliveries coming in over HTTP and statuses going out to
 * the GitHub stand-in — through a policy change pushed to the config repository, a worker
 * killed and restarted, and a processor killed for good.
 */

const s = randomBytes(3).toString('hex');
const POD = `topo-${s}`;
const REPO = `acme/topo-${s}`;
/** The pod the pushed clos.yml adds. */
const NEW_POD = `topo-new-${s}`;
const NEW_REPO = `acme/topo-new-${s}`;
const POLICY_REPO = `acme/topo-policy-${s}`;
const WIP = 'clos/wip';
const PROCESSES = ['api', 'processor-1', 'processor-2', 'worker'] as const;

function closYml(limit: number, withNewPod: boolean): string {
  return [
    'org: acme',
    'timezone: UTC',
    `configRepo: ${POLICY_REPO}`,
    'pods:',
    `  - id: ${POD}`,
    '    name: Topology',
    `    wipLimit: ${limit}`,
    `    repos: [${REPO}]`,
    ...(withNewPod ? [`  - id: ${NEW_POD}`, '    name: Topology New', '    wipLimit: 4', `    repos: [${NEW_REPO}]`] : []),
    '',
  ].join('\n');
}

const at = (minute: number): string => new Date(Date.UTC(2025, 6, 1, 9, minute)).toISOString();
const head = (n: number): string => sha(`topology-${s}-${n}`);
const itemId = (n: number): string => `gh:${REPO}#${n}`;
const opened = (n: number, minute: number) =>
  pullRequestPayload({ repo: REPO, number: n, headSha: head(n), action: 'opened', author: `dev${n}`, updatedAt: at(minute) });
const merged = (n: number, minute: number) =>
  pullRequestPayload({ repo: REPO, number: n, headSha: head(n), action: 'closed', merged: true, author: `dev${n}`, updatedAt: at(minute) });

interface WipDto {
  running: boolean;
  policy: { limit: number };
  holders: { id: string }[];
  queue: { id: string }[];
}

interface EventDto {
  id: string;
  deliveryId: string;
}

let cluster: ProcessCluster;
const startedAt = Date.now();

beforeAll(async () => {
  cluster = await startProcessCluster({
    closYml: closYml(2, false),
    services: [
      { name: 'api', kind: 'api' },
      { name: 'processor-1', kind: 'processor' },
      { name: 'processor-2', kind: 'processor' },
      { name: 'worker', kind: 'worker' },
    ],
  });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

/** The current `clos/wip` state of pull request `n`. */
const wipOf = (n: number): string | undefined => cluster.github.latestStatus(REPO, head(n), WIP)?.state;

/** Waits until the pull requests have these `clos/wip` states. */
async function statusesAre(expected: Record<number, 'success' | 'failure'>, timeoutMs = 60_000): Promise<void> {
  await eventually(
    `clos/wip ${JSON.stringify(expected)}`,
    async () => (Object.entries(expected).every(([n, state]) => wipOf(Number(n)) === state) ? true : undefined),
    timeoutMs,
  );
}

async function send(event: string, payload: unknown): Promise<void> {
  expect(await cluster.sendGithub(event, payload)).toBe(202);
}

/** The policy versions a process logged as in force, in order (every process it ran). */
function versionsInForce(service: string, fromLine = 0): number[] {
  return cluster
    .logs(service)
    .slice(fromLine)
    .filter((l) => l.msg === 'policy: new version in force' || l.msg === 'policy: following the live policy')
    .map((l) => Number(l.version));
}

/** Every acknowledged delivery's event is done in the log. */
async function allApplied(acknowledged: readonly string[], timeoutMs = 90_000): Promise<void> {
  await eventually(
    'every acknowledged delivery applied',
    async () => {
      const { rows } = await cluster.pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE status = 'done' AND delivery_id = ANY($1::text[])`, [
        acknowledged,
      ]);
      return Number(rows[0]?.n) === acknowledged.length ? true : undefined;
    },
    timeoutMs,
  );
}

/** Every event of the api's log, following nextCursor. */
async function listedEvents(): Promise<EventDto[]> {
  const events: EventDto[] = [];
  let cursor: string | undefined;
  do {
    const page = await cluster.get<{ items: EventDto[]; nextCursor: string | null }>(`/api/events?source=github&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    events.push(...page.body.items);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return events;
}

describe('the production topology', () => {
  it('enforces WIP limits, follows a pushed policy in every process, and loses nothing when a worker and a processor are killed', async () => {
    try {
      await scenario();
    } catch (error) {
      // The services' own account of what went wrong, next to the failed expectation.
      console.error(`service output (last lines):\n${cluster.tail(40)}`);
      throw error;
    }
  }, 300_000);
});

async function scenario(): Promise<void> {
  const crashes: number[] = [];

  // Over the limit of 2: the third and fourth are queued, with a red clos/wip on GitHub.
  await send('pull_request', opened(1, 1));
  await send('pull_request', opened(2, 2));
  await statusesAre({ 1: 'success', 2: 'success' });
  // One at a time: the queue keeps the order pull requests reached the pod in.
  await send('pull_request', opened(3, 3));
  await statusesAre({ 3: 'failure' });
  await send('pull_request', opened(4, 4));
  await statusesAre({ 4: 'failure' });
  // GitHub redelivers #1: acknowledged, nothing published again.
  const first = cluster.sent[0]!;
  expect(await cluster.sendGithub('pull_request', opened(1, 1), first.deliveryId)).toBe(200);
  expect((await cluster.get(`/api/pods/${NEW_POD}/wip`)).status).toBe(404);

  // Merging a holder lets the first queued one in.
  await send('pull_request', merged(1, 5));
  await statusesAre({ 3: 'success', 4: 'failure' });

  // clos.yml pushed to the config repository lowers the limit to 1 and adds a pod.
  const pushed = sha(`topology-${s}-policy-1`);
  cluster.github.setFile(POLICY_REPO, 'clos.yml', closYml(1, true), pushed);
  await send('push', pushPayload({ repo: POLICY_REPO, before: sha(`topology-${s}-policy-0`), after: pushed, modified: ['clos.yml'], at: at(6) }));
  await cluster.github.waitForStatus({ repo: POLICY_REPO, sha: pushed, context: 'clos/config', state: 'success', timeoutMs: 60_000 });
  for (const service of PROCESSES) {
    await eventually(`${service} to put policy version 2 in force`, async () => (versionsInForce(service).includes(2) ? true : undefined), 30_000);
  }
  // The pod's workflow has the lower limit; lowering it evicted nobody.
  const lowered = await eventually(
    'the pod workflow on limit 1',
    async () => {
      const wip = await cluster.get<WipDto>(`/api/pods/${POD}/wip`);
      return wip.body.policy?.limit === 1 ? wip.body : undefined;
    },
    30_000,
  );
  expect(lowered.holders.map((h) => h.id).sort()).toEqual([itemId(2), itemId(3)]);
  expect(lowered.queue.map((q) => q.id)).toEqual([itemId(4)]);
  // The api answers from the new version: the pod it adds exists, with its limit.
  const added = await cluster.get<WipDto>(`/api/pods/${NEW_POD}/wip`);
  expect(added.status).toBe(200);
  expect(added.body).toMatchObject({ running: false, policy: { limit: 4 } });
  expect((await cluster.get<{ wipLimit: number }>(`/api/pods/${POD}`)).body.wipLimit).toBe(1);
  // A pull request on the added pod's repository: the api maps it, a processor routes it, the worker posts.
  await send('pull_request', pullRequestPayload({ repo: NEW_REPO, number: 1, headSha: head(100), action: 'opened', author: 'newcomer', updatedAt: at(6) }));
  await cluster.github.waitForStatus({ repo: NEW_REPO, sha: head(100), context: WIP, state: 'success', timeoutMs: 60_000 });

  // Two holders merge and #5 opens while the worker is killed (kill -9); its supervisor restarts it.
  const workerLinesBefore = cluster.logs('worker').length;
  const burst = await Promise.all([
    cluster.sendGithub('pull_request', merged(2, 7)),
    cluster.sendGithub('pull_request', merged(3, 8)),
    cluster.sendGithub('pull_request', opened(5, 9)),
  ]);
  expect(burst).toEqual([202, 202, 202]);
  crashes.push(Date.now());
  await cluster.services.kill('worker');
  await cluster.services.ready('worker', 120_000);
  // The restarted worker boots on the version in force, not on its file.
  expect(versionsInForce('worker', workerLinesBefore)).toEqual([2]);
  // Limit 1: only #4 gets in; under the old limit #5 would have too.
  await statusesAre({ 4: 'success', 5: 'failure' }, 120_000);
  await allApplied(acknowledged());
  expect(cluster.github.statuses(REPO, head(5)).map((st) => st.state)).toEqual(['failure']);

  // #4 merges and #6 opens as a processor is killed for good; the other carries on alone.
  const burst2 = await Promise.all([cluster.sendGithub('pull_request', merged(4, 10)), cluster.sendGithub('pull_request', opened(6, 11))]);
  expect(burst2).toEqual([202, 202]);
  crashes.push(Date.now());
  await cluster.services.kill('processor-1', { restart: false });
  await send('pull_request', opened(7, 12));
  // A message the killed processor held comes back after its visibility timeout (30 s).
  await statusesAre({ 5: 'success', 6: 'failure', 7: 'failure' }, 120_000);
  // #5 merges: whichever of #6 and #7 reached the pod first gets its slot.
  await send('pull_request', merged(5, 13));
  const [promoted, waiting] = await eventually(
    'one of #6 and #7 let in',
    async () => (wipOf(6) === 'success' ? [6, 7] : wipOf(7) === 'success' ? [7, 6] : undefined),
    60_000,
  );

  // Every acknowledged delivery ends applied, once.
  const deliveries = acknowledged();
  await allApplied(deliveries);
  const logged = await cluster.pool.query<{ delivery_id: string; n: string; status: string; attempts: number }>(
    `SELECT delivery_id, count(*) AS n, min(status) AS status, max(attempts) AS attempts FROM events WHERE source = 'github' GROUP BY delivery_id`,
  );
  expect(logged.rows.map((r) => r.delivery_id).sort()).toEqual([...deliveries].sort());
  expect(logged.rows.filter((r) => Number(r.n) !== 1 || r.status !== 'done')).toEqual([]);
  const listed = await listedEvents();
  expect(listed.map((e) => e.deliveryId).sort()).toEqual([...deliveries].sort());
  expect(new Set(listed.map((e) => e.id)).size).toBe(listed.length);

  // The pod ends as its limit says, and GitHub saw no status written twice.
  const final = await cluster.get<WipDto>(`/api/pods/${POD}/wip`);
  expect(final.body.policy.limit).toBe(1);
  expect(final.body.holders.map((h) => h.id)).toEqual([itemId(promoted)]);
  expect(final.body.queue.map((q) => q.id)).toEqual([itemId(waiting)]);
  expect(wipOf(waiting)).toBe('failure');
  const writes = statusWrites(cluster.github.requests);
  const duplicates = countDuplicateWrites(writes, crashes);
  expect(duplicates.unexplained).toBe(0);
  expect(cluster.services.restarts()).toMatchObject({ worker: 1, 'processor-1': 0 });

  console.log(
    `production topology: ${new Set(cluster.sent.map((d) => d.deliveryId)).size} events in (${cluster.sent.length} deliveries with 1 redelivery), ` +
      `${logged.rows.length} events logged (${logged.rows.filter((r) => r.attempts > 1).length} received more than once), ` +
      `${writes.length} statuses written, ${duplicates.total} duplicates ` +
      `(${duplicates.afterCrash} after a crash); worker restarted ${cluster.services.restarts().worker}, processor-1 killed; ` +
      `${((Date.now() - startedAt) / 1000).toFixed(0)} s`,
  );
}

/** Delivery ids the api acknowledged with 202 (a redelivery's 200 publishes nothing). */
function acknowledged(): string[] {
  return [...new Set(cluster.sent.filter((d) => d.status === 202).map((d) => d.deliveryId))];
}
