import { RECONCILER_SCHEDULE_ID } from '@clos/workflows';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

const REPO = 'acme/zeta-service';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: zeta
    name: Zeta
    wipLimit: 2
    repos: [${REPO}]
`;

let stack: EnforcementStack;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML, worker: false });
}, 120_000);

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await stack?.temporal.schedule
    .getHandle(RECONCILER_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  await stack?.close();
});

function spawnWorker(): WorkerProcess {
  const worker = startWorkerProcess({
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    DATABASE_URL: stack.databaseUrl,
    GITHUB_API_URL: stack.github.url,
    GITHUB_TOKEN: 'ghp_test',
    LINEAR_API_URL: stack.linear.url,
    LINEAR_API_KEY: 'lin_test',
    PUBLIC_URL: stack.apiUrl,
  });
  workers.push(worker);
  return worker;
}

const at = (minute: number): string => new Date(Date.UTC(2025, 5, 3, 8, minute)).toISOString();
const head = (n: number): string => sha(`zeta-${n}`);
const opened = (n: number, minute: number) => pullRequestPayload({ repo: REPO, number: n, headSha: head(n), action: 'opened', author: `dev${n}`, updatedAt: at(minute) });

describe('a worker killed mid-run', () => {
  it('loses nothing: a new worker carries on from where the old one died', async () => {
    const first = spawnWorker();
    await first.ready;
    // The worker process also keeps the status reconciler scheduled, on its task queue.
    const schedule = await stack.temporal.schedule.getHandle(RECONCILER_SCHEDULE_ID).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reconcileStatuses', taskQueue: stack.taskQueue });
    for (const n of [1, 2, 3]) expect((await stack.sendGithub('pull_request', opened(n, n))).status).toBe(202);
    await stack.github.waitForStatus({ repo: REPO, sha: head(3), context: 'clos/wip', state: 'failure', timeoutMs: 60_000 });

    // More work arrives, and the worker dies (SIGKILL: no draining, no goodbye) while it is in flight.
    const merged = pullRequestPayload({ repo: REPO, number: 1, headSha: head(1), action: 'closed', merged: true, updatedAt: at(10) });
    const sent = Promise.all([
      stack.sendGithub('pull_request', merged),
      stack.sendGithub('pull_request', opened(4, 11)),
      stack.sendGithub('pull_request', opened(5, 12)),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    first.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect((await sent).map((r) => r.status)).toEqual([202, 202, 202]);

    // Nobody runs workflows now; the events wait. A new worker picks everything up.
    const second = spawnWorker();
    await second.ready;
    await stack.github.waitForStatus({ repo: REPO, sha: head(3), context: 'clos/wip', state: 'success', timeoutMs: 90_000 });
    await stack.github.waitForStatus({ repo: REPO, sha: head(4), context: 'clos/wip', state: 'failure', timeoutMs: 30_000 });
    await stack.github.waitForStatus({ repo: REPO, sha: head(5), context: 'clos/wip', state: 'failure', timeoutMs: 30_000 });
    const state = await eventually('the final state', async () => {
      const s = await stack.wipState('zeta');
      return s !== undefined && s.queue.length === 2 ? s : undefined;
    });
    const id = (n: number): string => `gh:${REPO}#${n}`;
    expect(state.holders.map((h) => h.id).sort()).toEqual([id(2), id(3)]);
    // #4 and #5 were sent at once: the queue keeps the order they reached the pod in.
    expect(state.queue.map((q) => q.id).sort()).toEqual([id(4), id(5)]);
    await eventually('every event handled', async () => ((await stack.events()).every((e) => e.status === 'done') ? true : undefined), 30_000);
  }, 240_000);
});
