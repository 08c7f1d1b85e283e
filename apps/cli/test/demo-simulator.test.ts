import { parseClosConfig } from '@clos/domain';
import {
  eventually,
  GITHUB_SECRET,
  LINEAR_SECRET,
  startEnforcementStack,
  type EnforcementStack,
} from '../../../services/api/test/support/enforcement-stack.js';
import { createDemoSimulator, createWebhookSender, type DemoSimulator } from '../src/demo/index.js';

/**
 * The demo simulator against the real stack (api webhook routes, bus, processor, Temporal
 * workflows, the GitHub stand-in), run fast: its signed deliveries are accepted, a pull request
 * over the limit queues and turns red with its reason and "why blocked" link, a merge promotes
 * it, and the event log fills.
 */
const s = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const POD = `alpha-${s}`;
const CLOS_YML = `
org: demo
timezone: UTC
pods:
  - id: ${POD}
    name: Alpha
    wipLimit: 2
    repos: [demo/alpha-api-${s}]
    linearTeams: [A${s.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}]
    members:
      - github: ada
        role: lead
      - github: grace
        role: member
      - github: linus
        role: member
`;

let stack: EnforcementStack;
let simulator: DemoSimulator;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
  simulator = createDemoSimulator({
    config: parseClosConfig(CLOS_YML, 'clos.yml'),
    github: stack.github,
    sender: createWebhookSender({ apiUrl: stack.apiUrl, githubSecret: GITHUB_SECRET, linearSecret: LINEAR_SECRET }),
    intervalMs: 20,
  });
});

afterAll(async () => {
  await simulator?.stop();
  await stack?.close();
});

/** Steps the simulator until it has done `count` things matching `pattern`; answers those lines. */
async function stepUntil(pattern: RegExp, count: number): Promise<string[]> {
  const matched: string[] = [];
  for (let i = 0; i < 20 && matched.length < count; i++) {
    const line = await simulator.step();
    if (pattern.test(line)) matched.push(line);
  }
  return matched;
}

test('three pull requests in a pod of two: the third queues and turns red with its reason, a merge promotes the queue', async () => {
  const opened = await stepUntil(/opened/, 3);
  expect(opened).toHaveLength(3);
  const third = /#(\d+)/.exec(opened[2]!)![1]!;
  const repo = `demo/alpha-api-${s}`;
  const pr = stack.github.state.pullRequest(repo, Number(third))!;
  const itemId = `gh:${repo}#${third}`;

  const red = await stack.github.waitForStatus({ repo, sha: pr.headSha, context: 'clos/wip', state: 'failure', timeoutMs: 30_000 });
  expect(red.description).toMatch(/^WIP 2\/2 — finish .+ first \(queue #\d\)$/);
  expect(red.targetUrl).toBe(`${stack.apiUrl}/explain/wip/${POD}?item=${encodeURIComponent(itemId)}`);
  await eventually('the pull request in the queue', async () => ((await stack.wipState(POD))?.queue.some((q) => q.id === itemId) ? true : undefined));

  expect(await stepUntil(/merged/, 1)).toHaveLength(1);
  await eventually('the event log to show ingested and decided events', async () => {
    const types = new Set((await stack.events()).map((e) => e.type));
    return ['pr.opened', 'pr.closed', 'linear.issue.changed', 'wip.granted', 'wip.queued', 'wip.promoted'].every((t) => types.has(t)) ? true : undefined;
  });
});

test('running at its own pace, and on request: a pull request over the limit with its why-blocked link', async () => {
  const before = simulator.sent;
  await simulator.start();
  await eventually('a few events sent', async () => (simulator.sent > before + 3 ? true : undefined));
  await simulator.stop();

  const blocked = await simulator.openBlockedPullRequest(POD);
  expect(blocked.status.state).toBe('failure');
  expect(blocked.status.description).toMatch(/^WIP 2\/2 — finish/);
  expect(blocked.status.targetUrl).toContain(`/explain/wip/${POD}?item=`);
  const page = await stack.readStatusPage(blocked.status.targetUrl!, POD);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`#${blocked.number}`);
});
