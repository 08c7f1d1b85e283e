import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseClosConfig } from '@clos/domain';
import { ensureChromium, ensureDashboardBuild, findRepoRoot } from '@clos/devstack';
import { GITHUB_SECRET, LINEAR_SECRET } from '../../../services/api/test/support/enforcement-stack.js';
import { createDemoSimulator, createSlackSender, createWebhookSender, type BlockedPullRequest, type DemoSimulator } from '../../cli/src/demo/index.js';
import { seedDatabase } from '../../cli/src/seed/seed.js';
import { docsScreenshot, launchChromium } from './support/browser.js';
import { startDashboardStack, type DashboardStack } from './support/dashboard-stack.js';

/**
 * The demo organisation as `npm run up` shows it, in a real browser: the 30-day backfill, a
 * short fast run of the demo simulator through the real ingest, the health scan on demand —
 * then what a person sees: every pod scored, a full pod with a pull request waiting in its
 * queue, its red `clos/wip` reason on the overview and on the "why blocked" page reached from
 * the pod, and feeds that move. Writes the README's screenshots (docs/screenshots/) on the way.
 */

// Pod and project ids name Temporal workflows, which every test file of a run shares: ours get
// a fixed suffix (the screenshots stay the same from run to run), names and repos stay the demo's.
const SUFFIX = '-demo';
const repoRoot = findRepoRoot();
const DEMO_YML = readFileSync(join(repoRoot, 'scripts', 'demo', 'clos.yml'), 'utf8').replace(/^(\s*(?:- id|pod): )([a-z0-9-]+)\s*$/gm, `$1$2${SUFFIX}`);
const CONFIG = parseClosConfig(DEMO_YML, 'clos.yml');
const ALPHA = `alpha${SUFFIX}`;
const SPEC_PROJECT = `search-spec${SUFFIX}`;
const DELIVERY_PROJECT = `checkout-v2${SUFFIX}`;
const SLACK_SECRET = 'slack-signing-secret-of-the-demo-test';

let stack: DashboardStack;
let simulator: DemoSimulator;
let blocked: BlockedPullRequest;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const [build] = await Promise.all([ensureDashboardBuild({ repoRoot }), ensureChromium()]);
  stack = await startDashboardStack({ closYml: DEMO_YML, dashboardDir: build.outDir, slackSigningSecret: SLACK_SECRET });
  const { enforcement } = stack;

  // The backfill npm run up makes before the services start.
  const closYmlPath = join(mkdtempSync(join(tmpdir(), 'clos-demo-')), 'clos.yml');
  writeFileSync(closYmlPath, DEMO_YML);
  await seedDatabase(enforcement.pool, { kind: 'demo', closYmlPath });

  simulator = createDemoSimulator({
    config: CONFIG,
    github: enforcement.github,
    sender: createWebhookSender({ apiUrl: enforcement.apiUrl, githubSecret: GITHUB_SECRET, linearSecret: LINEAR_SECRET }),
    slack: createSlackSender({ apiUrl: stack.url, signingSecret: SLACK_SECRET }),
    intervalMs: 20,
  });
  // Two rounds of every pod and, between them, six things the team does (three spec documents,
  // a standup, an idea, a demo scheduled); then what `clos demo open-pr --pod alpha` does.
  for (let i = 0; i < 4 * CONFIG.pods.length; i++) await simulator.step();
  blocked = await simulator.openBlockedPullRequest(ALPHA);

  const scan = await fetch(`${stack.url}/api/health/scan`, { method: 'POST', headers: { authorization: `Bearer ${await stack.token({ '*': 'admin' })}` } });
  expect(scan.status).toBe(200);

  browser = await launchChromium();
  // The organisation's zone, so "today" on the demo calendar is the day the demo was scheduled for.
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 }, timezoneId: CONFIG.timezone });
  page = await context.newPage();
  await page.goto(await stack.loginLink({ '*': 'admin' }, '/', 'local admin'));
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}, 240_000);

afterAll(async () => {
  await simulator?.stop();
  await browser?.close();
  await stack?.close();
});

const blockedId = () => `gh:${blocked.repo}#${blocked.number}`;

test('the overview shows every demo pod scored beside its live WIP: Alpha full, a queue, the first blocked PR red with its reason, and the feed', async () => {
  await page.goto(`${stack.url}/`);
  await page.getByRole('heading', { name: 'Organisation overview' }).waitFor();
  for (const pod of CONFIG.pods) {
    const card = page.getByRole('article', { name: `Pod ${pod.name}` });
    await card.getByLabel(/^health score \d+ of 100$/).waitFor();
    await card.getByRole('group', { name: `Live WIP of ${pod.name}` }).getByLabel(/^WIP \d+ of limit \d+$/).waitFor();
    expect(await card.textContent()).not.toContain('Not scanned yet');
  }

  // Alpha as its workflow holds it: full, the queue, and the first item the limit holds red.
  const alpha = page.getByRole('article', { name: 'Pod Alpha' });
  const limit = CONFIG.pods.find((p) => p.id === ALPHA)!.wipLimit;
  const view = (await stack.enforcement.wipState(ALPHA))!;
  const red = view.queue.map((q) => view.verdicts.find((v) => v.itemId === q.id)).find((v) => v?.state === 'failure')!;
  expect(red.description).toMatch(/^WIP \d+\/\d+ — finish .+ first \(queue #\d+\)$/);
  await alpha.getByLabel(`WIP ${limit} of limit ${limit}`).waitFor();
  await alpha.getByLabel(`${view.queue.length} waiting`).waitFor();
  const first = alpha.getByTestId('first-blocked');
  await first.getByRole('img', { name: 'clos/wip is red' }).waitFor();
  await first.getByText(red.description, { exact: true }).waitFor();
  expect(await first.getByRole('link', { name: `Why is ${red.itemId} blocked?` }).getAttribute('href')).toBe(`/blocked/?item=${encodeURIComponent(red.itemId)}`);

  // The feed is never empty: the log's latest events until new ones arrive on the stream.
  await page.getByRole('region', { name: 'Live activity' }).getByRole('status').filter({ hasText: 'live' }).waitFor();
  await page.getByTestId('overview-feed').getByRole('listitem').first().waitFor();
  await docsScreenshot(page, 'overview');
});

test('pod Alpha is full, and the pull request over its limit waits in the queue with its reason', async () => {
  await page.goto(`${stack.url}/pod/?id=${ALPHA}`);
  await page.getByRole('heading', { name: 'Alpha', level: 1 }).waitFor();
  const limit = CONFIG.pods.find((p) => p.id === ALPHA)!.wipLimit;
  await page.getByRole('img', { name: `WIP ${limit} of limit ${limit}` }).waitFor();
  const waiting = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: `Why is ${blockedId()} waiting?` }) });
  const text = (await waiting.textContent()) ?? '';
  expect(text).toContain(`(${blockedId()})`);
  expect(text).toMatch(/limit · waiting/);
  // Health, flow and standups have data at first sight.
  await page.getByText('Components of the score').waitFor();
  expect(await page.getByText('No health scan yet.').count()).toBe(0);
  await docsScreenshot(page, 'pod');
});

test('its "why?" link opens why it is blocked: the red clos/wip status, its reason and what to do', async () => {
  await page.getByRole('link', { name: `Why is ${blockedId()} waiting?` }).click();
  await page.getByRole('heading', { name: 'WIP limit (clos/wip)' }).waitFor();
  expect(page.url()).toBe(`${stack.url}/blocked/?item=${encodeURIComponent(blockedId())}`);
  const frame = page.frameLocator(`iframe[title="WIP explanation for ${blockedId()}"]`);
  await frame.getByText(blocked.status.description!).waitFor();
  expect(blocked.status.description).toMatch(/^WIP \d+\/\d+ — finish .+ first \(queue #\d+\)$/);
  await frame.getByText('Blocked because').waitFor();
  await frame.getByRole('heading', { name: /^Waiting \([1-9]\d*\)$/ }).waitFor();
  await page.getByRole('heading', { name: 'WIP limit (clos/wip)' }).scrollIntoViewIfNeeded();
  await docsScreenshot(page, 'why');
});

test('the activity feed shows the demo traffic and moves as it arrives', async () => {
  await page.goto(`${stack.url}/activity/`);
  await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
  await page.getByRole('region', { name: 'Recent' }).getByText(`pr.opened · ${blockedId()}`).first().waitFor();
  // The next thing the demo does shows up without a reload.
  const did = await simulator.step();
  const mark = /#\d+|[A-Z]+-\d+/.exec(did)![0];
  await page.getByTestId('live-feed').getByRole('listitem').filter({ hasText: mark }).first().waitFor();
});

test("the spec project's documents moved its gate: three phases done, the tasks document missing", async () => {
  await page.goto(`${stack.url}/project/?id=${SPEC_PROJECT}`);
  await page.getByRole('heading', { name: 'Search relevance spec', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Gate criteria' }).getByText(/^Stage Tasks/).waitFor();
  expect(await page.getByRole('list', { name: 'Criteria' }).textContent()).toMatch(/tasks-doc.*missing/);
  await page.getByRole('region', { name: 'Stage timeline' }).getByText('design → tasks').first().waitFor();
});

test('the team posted through Slack: a standup with its blocker, an idea, a demo', async () => {
  await page.goto(`${stack.url}/pod/?id=${ALPHA}`);
  await page.getByRole('region', { name: 'Blocked items' }).getByText('Waiting on access to the staging database').waitFor();
  await page.goto(`${stack.url}/ideas/`);
  await page.getByRole('row', { name: /Preview environments per pull request/ }).waitFor();
  await page.goto(`${stack.url}/demos/`);
  await page.locator('.calendar .demo').filter({ hasText: DELIVERY_PROJECT }).first().waitFor();
});

test('the overview moves without a reload: a new pull request over the limit joins Alpha\'s queue and the feed', async () => {
  await page.goto(`${stack.url}/`);
  const alpha = page.getByRole('article', { name: 'Pod Alpha' });
  await page.getByRole('region', { name: 'Live activity' }).getByRole('status').filter({ hasText: 'live' }).waitFor();
  const waiting = (await stack.enforcement.wipState(ALPHA))!.queue.length;
  await alpha.getByLabel(`${waiting} waiting`).waitFor();
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  const another = await simulator.openBlockedPullRequest(ALPHA);
  await alpha.getByLabel(`${waiting + 1} waiting`).waitFor();
  await page.getByTestId('overview-feed').getByRole('listitem').filter({ hasText: `#${another.number} opened` }).first().waitFor();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});
