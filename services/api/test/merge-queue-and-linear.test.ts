import { linearIssueWebhook } from '@clos/linear/testing';
import { githubExample, pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/theta-core';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: theta
    name: Theta
    wipLimit: 1
    repos: [${REPO}]
    linearTeams: [THE]
    members:
      - github: ada
        linear: ada@example.com
        role: member
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const at = (minute: number): string => new Date(Date.UTC(2025, 5, 5, 14, minute)).toISOString();

function mergeGroup(prNumber: number, headSha: string) {
  const payload = githubExample('merge_group', 'checks_requested');
  payload.repository.full_name = REPO;
  payload.merge_group.head_sha = headSha;
  payload.merge_group.head_ref = `refs/heads/gh-readonly-queue/main/pr-${prNumber}-${sha(`base-${prNumber}`)}`;
  return payload;
}

describe('merge queues', () => {
  it('get the real verdict of the PRs in the group on the group head, never an automatic pass', async () => {
    const open = (n: number, minute: number) =>
      pullRequestPayload({ repo: REPO, number: n, headSha: sha(`theta-${n}`), action: 'opened', author: `dev${n}`, updatedAt: at(minute) });
    expect((await stack.sendGithub('pull_request', open(1, 0))).status).toBe(202);
    expect((await stack.sendGithub('pull_request', open(2, 1))).status).toBe(202);
    await stack.github.waitForStatus({ repo: REPO, sha: sha('theta-2'), context: 'clos/wip', state: 'failure', timeoutMs: 20_000 });

    expect((await stack.sendGithub('merge_group', mergeGroup(2, sha('group-2')))).status).toBe(202);
    const blocked = await stack.github.waitForStatus({ repo: REPO, sha: sha('group-2'), context: 'clos/wip', timeoutMs: 20_000 });
    expect(blocked.state).toBe('failure');
    expect(blocked.description).toContain('finish #1 first');

    expect((await stack.sendGithub('merge_group', mergeGroup(1, sha('group-1')))).status).toBe(202);
    const passing = await stack.github.waitForStatus({ repo: REPO, sha: sha('group-1'), context: 'clos/wip', timeoutMs: 20_000 });
    expect(passing.state).toBe('success');

    // Clean up for the next test: both PRs close.
    for (const n of [1, 2]) {
      const closed = pullRequestPayload({ repo: REPO, number: n, headSha: sha(`theta-${n}`), action: 'closed', updatedAt: at(5 + n) });
      expect((await stack.sendGithub('pull_request', closed)).status).toBe(202);
    }
    await eventually('theta empty', async () => {
      const s = await stack.wipState('theta');
      return s?.holders.length === 0 && s.queue.length === 0 ? true : undefined;
    });
  }, 60_000);
});

describe('a pull request and its Linear issue', () => {
  it('are one work item: one slot, whichever arrives first; the issue completing lets go', async () => {
    stack.linear.addIssue({ identifier: 'THE-5', title: 'Retry failed payouts' });
    // The issue is started first: it takes the pod's only slot.
    const started = linearIssueWebhook({ identifier: 'THE-5', stateType: 'started', project: null, createdAt: at(20) });
    expect((await stack.sendLinear(started)).status).toBe(202);
    await eventually('THE-5 holds the slot', async () => {
      const s = await stack.wipState('theta');
      return s?.holders.some((h) => h.id === 'lin:THE-5') ? true : undefined;
    });

    // Its PR (key in the branch name) joins the same item instead of queueing behind it.
    const pr = pullRequestPayload({
      repo: REPO,
      number: 9,
      headSha: sha('theta-9'),
      action: 'opened',
      author: 'ada',
      headRef: 'ada/the-5-retry-payouts',
      updatedAt: at(21),
    });
    expect((await stack.sendGithub('pull_request', pr)).status).toBe(202);
    const green = await stack.github.waitForStatus({ repo: REPO, sha: sha('theta-9'), context: 'clos/wip', timeoutMs: 20_000 });
    expect(green.state).toBe('success');
    const state = await stack.wipState('theta');
    expect(state?.holders).toHaveLength(1);
    expect(state?.queue).toEqual([]);
    expect(state?.items).toHaveLength(1);
    expect(state?.items[0]?.linearKeys).toEqual(['THE-5']);
    expect(state?.items[0]?.pullRequests.map((p) => p.number)).toEqual([9]);

    // The issue is completed: the slot is free.
    const completed = linearIssueWebhook({ identifier: 'THE-5', stateType: 'completed', project: null, createdAt: at(30) });
    expect((await stack.sendLinear(completed)).status).toBe(202);
    await eventually('THE-5 released', async () => {
      const s = await stack.wipState('theta');
      return s?.holders.length === 0 ? true : undefined;
    });
  }, 60_000);
});
