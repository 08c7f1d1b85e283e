import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureChromium, ensureDashboardBuild, findRepoRoot } from '@clos/devstack';
import { pullRequestPayload, pushPayload, sha } from '../../../services/api/test/support/github-payloads.js';
import { eventually } from '../../../services/api/test/support/enforcement-stack.js';
import { horizontalOverflow, launchChromium, screenshot, seriousAxeViolations, unnamedControls } from './support/browser.js';
import { startDashboardStack, type DashboardStack } from './support/dashboard-stack.js';
import { seedHealth, seedTeamRecords } from './support/seed.js';

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the
 * whole of CLOS — api, processor and worker on real Postgres and Temporal — with the
 * dashboard export served by the api itself: every page shows the seeded organisation,
 * the live feed updates on a webhook without reload, pages fit a phone, pass axe-core and
 * can be reached by keyboard.
 */
const s = Math.random().toString(36).slice(2, 8);
const PAY = `payments-${s}`;
const GROW = `growth-${s}`;
const CHECKOUT = `checkout-${s}`;
const REPO = `acme/pay-${s}`;
const GROW_REPO = `acme/grow-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 1
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
      - github: bob
        role: member
  - id: ${GROW}
    name: Growth
    wipLimit: 3
    repos: [${GROW_REPO}]
    members:
      - github: carol
        role: lead
  - id: ops-${s}
    name: Ops
    wipLimit: 2
    repos: [acme/ops-${s}]
    members:
      - github: dave
        role: lead
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
          - id: runbook
            type: evidence
      - id: done
        name: Done
projects:
  - id: ${CHECKOUT}
    name: Checkout v2
    pod: ${PAY}
    template: docs-first
`;

const TODAY = new Date().toISOString().slice(0, 10);
const BLOCKER = 'Waiting on the PSP sandbox keys';
const IDEA = 'Faster checkout';
const RUNBOOK = 'https://wiki.example/checkout-runbook';

let stack: DashboardStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let payHealth: { score: number; failing: string[] };

beforeAll(async () => {
  const repoRoot = findRepoRoot();
  // The export is rebuilt only when apps/dashboard's sources changed since the last build.
  const [build] = await Promise.all([ensureDashboardBuild({ repoRoot }), ensureChromium()]);
  stack = await startDashboardStack({ closYml: CLOS_YML, dashboardDir: build.outDir });
  const { enforcement } = stack;
  const now = () => new Date().toISOString();

  // A PR of the project holds Payments' only WIP slot and starts the project's gate in Design…
  const head = sha(`${s}-pr-1`);
  const pr1 = pullRequestPayload({ repo: REPO, number: 1, headSha: head, action: 'opened', author: 'alice', title: 'Checkout API', labels: [`project:${CHECKOUT}`], updatedAt: now() });
  expect((await enforcement.sendGithub('pull_request', pr1)).status).toBe(202);
  await eventually('PR #1 holding the slot', async () => ((await enforcement.wipState(PAY))?.holders.length === 1 ? true : undefined), 30_000);
  // …a second one waits in the queue…
  const pr3 = pullRequestPayload({ repo: REPO, number: 3, headSha: sha(`${s}-pr-3`), action: 'opened', author: 'bob', title: 'Refund retries', updatedAt: now() });
  expect((await enforcement.sendGithub('pull_request', pr3)).status).toBe(202);
  await eventually('PR #3 queued', async () => ((await enforcement.wipState(PAY))?.queue.length === 1 ? true : undefined), 30_000);
  // …and the design document moves the project to Build.
  enforcement.github.setFile(REPO, `docs/${CHECKOUT}/design.md`, '# Checkout v2\n');
  const push = pushPayload({ repo: REPO, before: sha(`${s}-main-0`), after: sha(`${s}-main-1`), added: [`docs/${CHECKOUT}/design.md`] });
  expect((await enforcement.sendGithub('push', push)).status).toBe(202);
  await eventually('the project in Build', async () => ((await enforcement.stageState(CHECKOUT))?.stage.id === 'build' ? true : undefined), 30_000);
  const admin = await stack.token({ '*': 'admin' });
  const evidence = await fetch(`${stack.url}/api/projects/${CHECKOUT}/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ criterionId: 'runbook', value: RUNBOOK }),
  });
  expect(evidence.status).toBe(202);
  await eventually('the evidence recorded', async () => {
    const { rows } = await enforcement.pool.query('SELECT 1 FROM evidence WHERE project_id = $1', [CHECKOUT]);
    return rows.length > 0 ? true : undefined;
  });

  payHealth = await seedHealth(enforcement.pool, PAY, [91, 88, 80, 74], {
    wipUtilisation: 2,
    wipViolations: 0,
    blockerAgeDays: 4,
    timeInStageRatio: 0.4,
    standupParticipation: 0.9,
    escalations: 0,
  });
  await seedHealth(enforcement.pool, GROW, [70, 75, 82], { wipUtilisation: 0.6, wipViolations: 0, blockerAgeDays: 0, standupParticipation: 1, escalations: 0 });
  await seedTeamRecords(enforcement.pool, { podId: PAY, projectId: CHECKOUT, people: ['alice', 'bob'], idea: IDEA, blocker: BLOCKER, demoDay: TODAY });

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // Logs in as a person would: through a one-time login link.
  await page.goto(await stack.loginLink({ '*': 'admin' }, '/'));
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Opens `path` and waits for each text to be visible. */
async function visit(path: string, ...texts: string[]): Promise<void> {
  await page.goto(`${stack.url}${path}`);
  for (const text of texts) await page.getByText(text, { exact: false }).first().waitFor({ timeout: 20_000 });
}

/** Waits until a page has its heading and no section still says "Loading …". */
async function settled(p: Page): Promise<void> {
  await p.locator('main h1').first().waitFor({ timeout: 20_000 });
  await p.waitForFunction(() => ![...document.querySelectorAll('[role=status]')].some((el) => /^(Loading|Checking)/.test(el.textContent ?? '')), undefined, {
    timeout: 20_000,
  });
}

describe('the api serves the dashboard', () => {
  it('answers / and the pages with the export, while its own routes keep precedence', async () => {
    const home = await fetch(`${stack.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await home.text()).toContain('CLOS');
    for (const path of ['/pod/', '/pod', '/funnel/']) expect((await fetch(`${stack.url}${path}`)).status).toBe(200);

    const unknownApi = await fetch(`${stack.url}/api/no-such-route`);
    expect(unknownApi.status).toBe(401);
    expect(((await unknownApi.json()) as { error: { code: string } }).error.code).toBe('Unauthorized');
    expect((await fetch(`${stack.url}/openapi.json`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${stack.url}/why/stage/${CHECKOUT}`)).headers.get('content-type')).toMatch(/text\/html/);
  });

  it('tells a visitor without a session how to log in', async () => {
    const anonymous = await browser.newContext();
    try {
      const p = await anonymous.newPage();
      await p.goto(`${stack.url}/pod/?id=${PAY}`);
      await p.getByRole('heading', { name: 'Log in to CLOS' }).waitFor();
      expect(await p.locator('main').textContent()).toContain('npm run up');
      expect(await p.getByRole('link', { name: 'sign in with GitHub' }).getAttribute('href')).toBe('/auth/github?next=/');
      await screenshot(p, 'login');
    } finally {
      await anonymous.close();
    }
  });
});

describe('pages', () => {
  it('org overview: every pod with its health score, trend and the failing metrics behind it', async () => {
    await visit('/', 'Organisation overview', 'wip utilisation');
    const card = page.getByRole('article', { name: 'Pod Payments' });
    expect(await card.getByLabel(`health score ${payHealth.score} of 100`).textContent()).toBe(String(payHealth.score));
    expect(payHealth.failing).toEqual(['wipUtilisation', 'blockerAgeDays']);
    expect(await card.textContent()).toContain('blocker age days');
    expect(await card.getByRole('img', { name: /Health trend of Payments: 91, 88, 80, 74/ }).count()).toBe(1);
    expect(await page.getByRole('article', { name: 'Pod Growth' }).textContent()).toContain('No failing metric');
    expect(await page.getByRole('article', { name: 'Pod Ops' }).textContent()).toContain('Not scanned yet');
    await screenshot(page, 'overview');
  });

  it('pod page: WIP gauge with holder and queue, flow and DORA, blocked items, standup participation', async () => {
    await visit(`/pod/?id=${PAY}`, 'Checkout API', 'Refund retries', BLOCKER, 'of members posted', 'Cycle time p50');
    expect(await page.getByRole('img', { name: 'WIP 1 of limit 1' }).count()).toBe(1);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Deploys / week');
    expect(text).toContain('Change failure rate');
    // alice posted on both seeded days, bob on one: 3 of the 4 standups expected.
    expect(text).toContain('75% of members posted');
    await screenshot(page, 'pod');
  });

  it('stage funnel: projects per stage, time in stage and conversion', async () => {
    await visit('/funnel/', 'Template docs-first', 'Checkout v2');
    const build = page.getByRole('row', { name: /^Build/ });
    expect(await build.locator('td').first().textContent()).toBe('1');
    expect(await page.getByRole('row', { name: /^Done/ }).textContent()).toContain('last stage');
    await screenshot(page, 'funnel');
  });

  it('project page: stage timeline, criteria met and missing, evidence', async () => {
    await visit(`/project/?id=${CHECKOUT}`, 'started in design', 'design → build', RUNBOOK);
    const criteria = (await page.getByRole('list', { name: 'Criteria' }).textContent()) ?? '';
    expect(criteria).toMatch(/ci-green.*missing/);
    expect(criteria).toMatch(/runbook.*met/);
    await screenshot(page, 'project');
  });

  it('idea ledger: ideas by ICE score, filterable by status', async () => {
    await visit('/ideas/', IDEA, 'Retire the legacy ledger');
    expect(await page.getByRole('row', { name: new RegExp(IDEA) }).textContent()).toContain('336');
    await page.getByLabel('Status').selectOption('accepted');
    await page.getByText(IDEA).waitFor({ state: 'detached' });
    await page.getByText('Retire the legacy ledger').waitFor();
    expect(await page.getByRole('row').filter({ hasText: IDEA }).count()).toBe(0);
    await screenshot(page, 'ideas');
  });

  it('demo calendar: the month with its demos', async () => {
    await visit('/demos/', `${TODAY}: ${CHECKOUT}`);
    expect(await page.locator('.calendar .demo').allTextContents()).toEqual([CHECKOUT]);
    await page.getByRole('button', { name: 'Next month' }).click();
    await page.getByText('No demo scheduled this month.').waitFor();
    await screenshot(page, 'demos');
  });

  it('why is this PR blocked: the api explanation pages for a PR, embedded', async () => {
    await visit('/blocked/');
    await page.getByLabel('Pull request or issue').fill(`${REPO}#3`);
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByRole('heading', { name: 'WIP limit (clos/wip)' }).waitFor({ timeout: 20_000 });
    const wipLink = page.getByRole('link', { name: 'Open the WIP explanation' });
    expect(await wipLink.getAttribute('href')).toBe(`/why/wip/${PAY}?item=${encodeURIComponent(`gh:${REPO}#3`)}`);
    const frame = page.frameLocator(`iframe[title="WIP explanation for gh:${REPO}#3"]`);
    await frame.getByText('Payments').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'why');
  });

  it('audit view (admin): the entries and the chain verified', async () => {
    await visit('/audit/', 'Chain intact', 'auth.login');
    await screenshot(page, 'audit');
  });

  it('activity: the live feed shows a webhook as it arrives, without reload', async () => {
    await visit('/activity/', 'Recent');
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
    const marker = await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
      return true;
    });
    const pr = pullRequestPayload({ repo: GROW_REPO, number: 2, headSha: sha(`${s}-pr-2`), action: 'opened', author: 'carol', title: 'Pricing test', updatedAt: new Date().toISOString() });
    expect((await stack.enforcement.sendGithub('pull_request', pr)).status).toBe(202);
    const entry = page.getByTestId('live-feed').getByRole('listitem').filter({ hasText: '#2' });
    await entry.first().waitFor({ timeout: 20_000 });
    expect(await entry.first().textContent()).toContain(GROW_REPO);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(marker);
    await screenshot(page, 'activity');
  });
});

/** Every page the navigation leads to, and the two that take an id. */
const PAGES = [
  ['overview', '/'],
  ['pod', `/pod/?id=${PAY}`],
  ['funnel', '/funnel/'],
  ['project', `/project/?id=${CHECKOUT}`],
  ['ideas', '/ideas/'],
  ['demos', '/demos/'],
  ['why', `/blocked/?item=${encodeURIComponent(`gh:${REPO}#3`)}`],
  ['audit', '/audit/'],
  ['activity', '/activity/'],
] as const;

describe('every page', () => {
  it('fits a phone (375 px): no horizontal scroll', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, storageState: await context.storageState() });
    try {
      const p = await phone.newPage();
      const overflow: Record<string, number> = {};
      for (const [name, path] of PAGES) {
        await p.goto(`${stack.url}${path}`);
        await settled(p);
        const px = await horizontalOverflow(p);
        if (px > 0) overflow[name] = px;
        await screenshot(p, `phone-${name}`);
      }
      expect(overflow).toEqual({});
    } finally {
      await phone.close();
    }
  });

  it('passes axe-core (no serious or critical violation) and names every control', async () => {
    const problems: Record<string, unknown> = {};
    for (const [name, path] of PAGES) {
      await page.goto(`${stack.url}${path}`);
      await settled(page);
      const violations = await seriousAxeViolations(page);
      const unnamed = await unnamedControls(page);
      if (violations.length > 0 || unnamed.length > 0) problems[name] = { violations, unnamed };
    }
    expect(problems).toEqual({});
  });

  it('can be used by keyboard: Tab reaches the navigation links, with a visible focus ring', async () => {
    await page.goto(`${stack.url}/`);
    await settled(page);
    const reached: string[] = [];
    // Tab through the header until focus has passed the last navigation link.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return null;
        const style = getComputedStyle(el);
        return { text: el.textContent?.trim() ?? '', inNav: el.closest('nav') !== null, ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
      });
      if (focused?.inNav) {
        expect(focused.ring).toBe(true);
        reached.push(focused.text);
      } else if (reached.length > 0) {
        break;
      }
    }
    expect(reached).toEqual(
      expect.arrayContaining(['Overview', 'My day', 'Decisions', 'Delegations', 'Leadership projects', 'Reviews', 'Patterns', 'Funnel', 'Ideas', 'Demos', 'Why blocked?', 'Activity', 'Audit']),
    );
  });
});

describe('logging out', () => {
  it('ends the session through DELETE /api/session with the CSRF header', async () => {
    await visit('/ideas/', IDEA);
    const request = page.waitForRequest((r) => r.url().endsWith('/api/session') && r.method() === 'DELETE');
    await page.getByRole('button', { name: 'Log out' }).click();
    expect((await request).headers()['x-csrf-token']).toBeTruthy();
    await page.getByRole('heading', { name: 'Log in to CLOS' }).waitFor();
    expect((await page.request.get(`${stack.url}/api/me`)).status()).toBe(401);
  });
});
