import { randomUUID } from 'node:crypto';
import { podWipWorkflowId } from '@clos/workflows';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const BETA_REPO = 'acme/beta-api';
const GAMMA_REPO = 'acme/gamma-api';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: beta
    name: Beta
    wipLimit: 3
    repos: [${BETA_REPO}]
  - id: gamma
    name: Gamma
    wipLimit: 3
    repos: [${GAMMA_REPO}]
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const at = (minute: number, second = 0): string => new Date(Date.UTC(2025, 5, 2, 10, minute, second)).toISOString();
const id = (repo: string, n: number): string => `gh:${repo}#${n}`;

function pr(repo: string, number: number, action: 'opened' | 'closed', updatedAt: string, merged = false) {
  return pullRequestPayload({ repo, number, headSha: sha(`${repo}-${number}`), action, updatedAt, merged, author: `dev${number}` });
}

async function allHandled(): Promise<void> {
  await eventually('every event handled', async () => ((await stack.events()).every((e) => e.status === 'done') ? true : undefined));
}

describe('reordered, duplicated and concurrent deliveries', () => {
  it('a "closed" that arrives before its "opened" leaves no slot taken', async () => {
    expect((await stack.sendGithub('pull_request', pr(BETA_REPO, 10, 'closed', at(5)))).status).toBe(202);
    expect((await stack.sendGithub('pull_request', pr(BETA_REPO, 10, 'opened', at(0)))).status).toBe(202);
    await allHandled();
    for (const n of [11, 12, 13]) expect((await stack.sendGithub('pull_request', pr(BETA_REPO, n, 'opened', at(6, n)))).status).toBe(202);
    for (const n of [11, 12, 13]) {
      await stack.github.waitForStatus({ repo: BETA_REPO, sha: sha(`${BETA_REPO}-${n}`), context: 'clos/wip', state: 'success', timeoutMs: 20_000 });
    }
    const state = await stack.wipState('beta');
    expect(state?.holders.map((h) => h.id)).toEqual([id(BETA_REPO, 11), id(BETA_REPO, 12), id(BETA_REPO, 13)]);
    expect(state?.queue).toEqual([]);
    expect(stack.github.latestStatus(BETA_REPO, sha(`${BETA_REPO}-10`), 'clos/wip')).toBeUndefined();
  }, 60_000);

  it('concurrent duplicates of one delivery count once', async () => {
    const delivery = randomUUID();
    const payload = pr(BETA_REPO, 14, 'opened', at(7));
    const answers = await Promise.all(Array.from({ length: 6 }, () => stack.sendGithub('pull_request', payload, { deliveryId: delivery })));
    for (const answer of answers) expect([200, 202]).toContain(answer.status);
    // The same signed bytes under other delivery ids (a replay): refused, still one work item.
    const replays = await Promise.all(Array.from({ length: 3 }, () => stack.sendGithub('pull_request', payload)));
    expect(replays.map((a) => a.status)).toEqual([409, 409, 409]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { duplicate: boolean; events: { id: string }[] }[];
    // Every copy of the delivery carries the same event id, so the log holds it once.
    expect(new Set(bodies.map((b) => b.events[0]?.id)).size).toBe(1);
    expect(bodies.filter((b) => !b.duplicate).length).toBeGreaterThanOrEqual(1);
    await allHandled();
    expect((await stack.events()).filter((e) => e.delivery_id === delivery)).toHaveLength(1);

    const red = await stack.github.waitForStatus({ repo: BETA_REPO, sha: sha(`${BETA_REPO}-14`), context: 'clos/wip', state: 'failure' });
    expect(red.description).toContain('queue #1');
    const state = await stack.wipState('beta');
    expect(state?.holders).toHaveLength(3);
    expect(state?.queue.map((q) => q.id)).toEqual([id(BETA_REPO, 14)]);
  }, 60_000);

  it('a burst of concurrent openings never exceeds the limit and reaches the workflow in a few batches', async () => {
    const numbers = Array.from({ length: 24 }, (_, i) => 100 + i);
    const answers = await Promise.all(numbers.map((n, i) => stack.sendGithub('pull_request', pr(GAMMA_REPO, n, 'opened', at(20, i)))));
    expect(answers.map((a) => a.status)).toEqual(numbers.map(() => 202));
    await allHandled();

    const state = await eventually('all 24 tracked', async () => {
      const s = await stack.wipState('gamma');
      return s !== undefined && s.holders.length + s.queue.length === numbers.length ? s : undefined;
    });
    expect(state.holders).toHaveLength(3);
    expect(state.queue).toHaveLength(21);
    expect(new Set([...state.holders, ...state.queue].map((i) => i.id)).size).toBe(24);

    // Exactly the holders are green, everyone else red.
    const verdicts = await eventually('a status on every PR', async () => {
      const latest = numbers.map((n) => stack.github.latestStatus(GAMMA_REPO, sha(`${GAMMA_REPO}-${n}`), 'clos/wip'));
      return latest.every((s) => s !== undefined) ? latest : undefined;
    });
    expect(verdicts.filter((s) => s?.state === 'success')).toHaveLength(3);
    expect(verdicts.filter((s) => s?.state === 'failure')).toHaveLength(21);

    // Coalesced: far fewer workflow updates than events.
    const history = await stack.temporal.workflow.getHandle(podWipWorkflowId('gamma')).fetchHistory();
    const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes != null).length;
    expect(updates).toBeGreaterThan(0);
    expect(updates).toBeLessThan(numbers.length / 2);

    // Closing them all, concurrently and in any order, empties the pod.
    const closing = await Promise.all(
      [...numbers].reverse().map((n, i) => stack.sendGithub('pull_request', pr(GAMMA_REPO, n, 'closed', at(40, i), true))),
    );
    expect(closing.map((a) => a.status)).toEqual(numbers.map(() => 202));
    await eventually('gamma emptied', async () => {
      const s = await stack.wipState('gamma');
      return s !== undefined && s.holders.length === 0 && s.queue.length === 0 ? true : undefined;
    });
  }, 90_000);
});
