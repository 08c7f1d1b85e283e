import { randomUUID } from 'node:crypto';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'Codertocat/Hello-World';

/** Pod `alpha` may hold two PRs of the repository at once. */
const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: alpha
    name: Alpha
    wipLimit: 2
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
      - github: bob
        role: member
      - github: carol
        role: member
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const minute = (n: number): string => new Date(Date.UTC(2025, 5, 2, 9, n)).toISOString();

function opened(number: number, author: string, at: string) {
  return pullRequestPayload({ repo: REPO, number, headSha: sha(`pr-${number}`), action: 'opened', author, updatedAt: at });
}

describe('a pod over its WIP limit, end to end', () => {
  it('turns the third PR red naming the holders, green once the first merges; redeliveries and forgeries change nothing', async () => {
    const first = await stack.sendGithub('pull_request', opened(1, 'alice', minute(0)));
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ duplicate: false, events: [{ type: 'pr.opened' }] });
    expect((await stack.sendGithub('pull_request', opened(2, 'bob', minute(1)))).status).toBe(202);
    const thirdDelivery = randomUUID();
    expect((await stack.sendGithub('pull_request', opened(3, 'carol', minute(2)), { deliveryId: thirdDelivery })).status).toBe(202);

    const red = await stack.github.waitForStatus({ repo: REPO, sha: sha('pr-3'), context: 'clos/wip', state: 'failure', timeoutMs: 30_000 });
    expect(red.description).toContain('WIP 2/2');
    expect(red.description).toContain('#1');
    expect(red.description).toContain('#2');
    await stack.github.waitForStatus({ repo: REPO, sha: sha('pr-1'), context: 'clos/wip', state: 'success' });
    await stack.github.waitForStatus({ repo: REPO, sha: sha('pr-2'), context: 'clos/wip', state: 'success' });

    // The red status links to a page that explains it.
    expect(red.targetUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const page = await stack.readStatusPage(red.targetUrl!, 'alpha');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('2 of 2');
    expect(html).toContain('#1');
    expect(html).toContain('#2');
    expect(html).toContain('alice');
    expect(html).toContain('What to do');
    expect(html).toMatch(/number 1 in line/);

    // A redelivery of the third is acknowledged and changes nothing.
    // Deliveries only: the workflow's own records (source clos) may still be landing.
    const deliveries = async () => (await stack.events()).filter((e) => e.source !== 'clos');
    const eventsBefore = (await deliveries()).length;
    const again = await stack.sendGithub('pull_request', opened(3, 'carol', minute(2)), { deliveryId: thirdDelivery });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    // A forgery and an unsigned delivery are refused.
    const forged = await stack.sendGithub('pull_request', opened(4, 'mallory', minute(3)), { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'Unauthorized' } });
    expect((await stack.sendGithub('pull_request', opened(5, 'mallory', minute(3)), { unsigned: true })).status).toBe(401);
    expect(await deliveries()).toHaveLength(eventsBefore);
    const state = await stack.wipState('alpha');
    expect(state?.holders.map((h) => h.id)).toEqual([`gh:${REPO.toLowerCase()}#1`, `gh:${REPO.toLowerCase()}#2`]);
    expect(state?.queue.map((q) => q.id)).toEqual([`gh:${REPO.toLowerCase()}#3`]);

    // Merging the first frees its slot: the third goes green within seconds.
    const merged = pullRequestPayload({ repo: REPO, number: 1, headSha: sha('pr-1'), action: 'closed', merged: true, author: 'alice', updatedAt: minute(10) });
    const mergedAt = Date.now();
    expect((await stack.sendGithub('pull_request', merged)).status).toBe(202);
    const green = await stack.github.waitForStatus({ repo: REPO, sha: sha('pr-3'), context: 'clos/wip', state: 'success', timeoutMs: 15_000 });
    expect(Date.now() - mergedAt).toBeLessThan(15_000);
    expect(green.description).toContain('slot held');
    const after = await stack.wipState('alpha');
    expect(after?.holders.map((h) => h.id).sort()).toEqual([`gh:${REPO.toLowerCase()}#2`, `gh:${REPO.toLowerCase()}#3`]);
    expect(after?.queue).toEqual([]);

    // Every accepted delivery was handled by the processor.
    await eventually('every event handled', async () => ((await stack.events()).every((e) => e.status === 'done') ? true : undefined));
  }, 90_000);
});
