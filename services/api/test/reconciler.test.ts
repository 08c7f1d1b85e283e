import { randomUUID } from 'node:crypto';
import { ensureSchedules } from '@clos/workflows';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/iota-tools';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: iota
    name: Iota
    wipLimit: 1
    repos: [${REPO}]
`;

let stack: EnforcementStack;
const scheduleId = `clos-status-reconciler-${randomUUID()}`;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.temporal.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await stack?.close();
});

const at = (minute: number): string => new Date(Date.UTC(2025, 5, 6, 9, minute)).toISOString();

describe('the status reconciler', () => {
  it('puts back a CLOS status someone overwrote, on its schedule', async () => {
    for (const n of [1, 2]) {
      const opened = pullRequestPayload({ repo: REPO, number: n, headSha: sha(`iota-${n}`), action: 'opened', author: `dev${n}`, updatedAt: at(n) });
      expect((await stack.sendGithub('pull_request', opened)).status).toBe(202);
    }
    const red = await stack.github.waitForStatus({ repo: REPO, sha: sha('iota-2'), context: 'clos/wip', state: 'failure', timeoutMs: 20_000 });

    // Someone (or a lost write) leaves the PR green although the pod is full.
    await stack.githubClient.setCommitStatus({ repo: REPO, sha: sha('iota-2'), context: 'clos/wip', state: 'success', description: 'looks fine to me' });
    expect(stack.github.latestStatus(REPO, sha('iota-2'), 'clos/wip')?.state).toBe('success');

    await ensureSchedules(stack.temporal, { taskQueue: stack.taskQueue, scheduleId, reconcileEvery: '2 seconds' });
    const restored = await stack.github.waitForStatus({ repo: REPO, sha: sha('iota-2'), context: 'clos/wip', state: 'failure', timeoutMs: 30_000 });
    expect(restored.description).toBe(red.description);
  }, 60_000);
});
