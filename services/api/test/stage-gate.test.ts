import { githubExample, pullRequestPayload, pushPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/epsilon-app';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: epsilon
    name: Epsilon
    wipLimit: 5
    repos: [${REPO}]
templates:
  - id: docs-first
    name: Docs first
    stages:
      - id: design
        name: Design
        criteria:
          - id: design-doc
            type: artifact
            path: docs/{project}/design.md
      - id: build
        name: Build
        criteria:
          - id: ci-green
            type: checks
            checks: [ci/test]
      - id: done
        name: Done
projects:
  - id: checkout
    name: Checkout
    pod: epsilon
    template: docs-first
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

function checkRunCompleted(name: string, headSha: string, conclusion: string, number: number) {
  const payload = githubExample('check_run', 'completed');
  payload.repository.full_name = REPO;
  payload.check_run.name = name;
  payload.check_run.head_sha = headSha;
  payload.check_run.conclusion = conclusion;
  payload.check_run.completed_at = new Date().toISOString();
  payload.check_run.pull_requests = [{ number, head: { ref: 'x', sha: headSha }, base: { ref: 'main', sha: sha('base') } }];
  return payload;
}

describe('a project stage gate, end to end', () => {
  it('blocks a PR of the project naming what is missing, and advances as the artifact is pushed and CI goes green', async () => {
    const head = sha('checkout-pr-1');
    const pr = pullRequestPayload({
      repo: REPO,
      number: 1,
      headSha: head,
      action: 'opened',
      labels: ['project:checkout'],
      updatedAt: new Date().toISOString(),
    });
    expect((await stack.sendGithub('pull_request', pr)).status).toBe(202);

    const blocked = await stack.github.waitForStatus({ repo: REPO, sha: head, context: 'clos/stage-gate', state: 'failure', timeoutMs: 30_000 });
    expect(blocked.description).toMatch(/design/i);
    expect(blocked.description).toContain('docs/checkout/design.md');
    await stack.github.waitForStatus({ repo: REPO, sha: head, context: 'clos/wip', state: 'success' });

    // The status explains itself.
    const page = await stack.readStatusPage(blocked.targetUrl!, 'epsilon');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Checkout');
    expect(html).toContain('design-doc');
    expect(html).toContain('What to do');

    // The design document lands on the default branch: the gate moves to Build, which wants CI.
    stack.github.setFile(REPO, 'docs/checkout/design.md', '# Checkout design\n');
    expect((await stack.sendGithub('push', pushPayload({ repo: REPO, before: sha('main-0'), after: sha('main-1'), added: ['docs/checkout/design.md'] }))).status).toBe(202);
    const building = await eventually('the gate in build', async () => {
      const state = await stack.stageState('checkout');
      return state?.stage.id === 'build' ? state : undefined;
    });
    expect(building.gate.passed).toBe(false);
    const nowBuild = await eventually('a build verdict on the PR', async () => {
      const status = stack.github.latestStatus(REPO, head, 'clos/stage-gate');
      return status !== undefined && status.description?.includes('ci/test') ? status : undefined;
    });
    expect(nowBuild.state).toBe('failure');

    // CI goes green: the project reaches its last stage and the PR turns green.
    expect((await stack.sendGithub('check_run', checkRunCompleted('ci/test', head, 'success', 1))).status).toBe(202);
    await stack.github.waitForStatus({ repo: REPO, sha: head, context: 'clos/stage-gate', state: 'success', timeoutMs: 20_000 });
    const done = await stack.stageState('checkout');
    expect(done?.stage.id).toBe('done');
    expect(done?.transitions.map((t) => t.to)).toEqual(['design', 'build', 'done']);
  }, 90_000);
});
