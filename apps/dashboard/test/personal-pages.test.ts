import type { Browser, Page } from 'playwright-core';
import { horizontalOverflow, screenshot, seriousAxeViolations, unnamedControls } from './support/browser.js';
import type { DashboardStack } from './support/dashboard-stack.js';
import { leadershipPod, mainText, settled, startPersonPages, type PersonPages } from './support/person-pages.js';

/**
 * My day and Decisions in a real browser against the whole of CLOS: a person signed in sees
 * their own check-in, mission and decisions (open past 48 h marked, decided ones with the
 * time they took) and nothing of another person's; a person who has not checked in is told
 * how; an admin whose session acts for no person sees why these pages are empty, and nobody's
 * records.
 */
const { podId: POD, people: { alice: ALICE, bob: BOB, carol: CAROL }, closYml: CLOS_YML } = leadershipPod('alice', ['bob', 'carol']);

const MISSION = 'Ship the pricing page';
const DUE = 'Hire a second designer';
const OVERDUE = 'Move the data centre';
const DECIDED = 'Drop the legacy plan';
const RATIONALE = 'Nobody used it in a year';
const BOB_MISSION = 'Bob mission: renegotiate the lease';
const BOB_DECISION = 'Bob decision: close the Berlin office';
const OTHERS = [BOB_MISSION, BOB_DECISION];
const ALICES = [MISSION, DUE, OVERDUE, DECIDED, RATIONALE];

let stack: DashboardStack;
let browser: Browser;
let call: PersonPages['call'];
let signedIn: PersonPages['signedIn'];

beforeAll(async () => {
  ({ stack, browser, call, signedIn } = await startPersonPages({ closYml: CLOS_YML, home: { path: '/my-day/', heading: 'My day' } }));

  const alice = await stack.token({ [POD]: 'lead' }, ALICE);
  await call(alice, 'POST', '/api/checkins', { energy: 'medium', stress: 6, tension: true, mission: MISSION }, 201);
  await call(alice, 'POST', '/api/decisions', { text: DUE, type: 'reversible_high' }, 201);
  const overdue = await call<{ id: string }>(alice, 'POST', '/api/decisions', { text: OVERDUE, type: 'irreversible' }, 201);
  // Opened three days ago: past the 48-hour target.
  await stack.enforcement.pool.query("UPDATE leadership_decisions SET opened_at = now() - interval '3 days' WHERE id = $1", [overdue.id]);
  const decided = await call<{ id: string }>(alice, 'POST', '/api/decisions', { text: DECIDED, type: 'reversible_low' }, 201);
  await call(alice, 'POST', `/api/decisions/${decided.id}/decide`, { rationale: RATIONALE, told: [BOB] }, 200);

  const bob = await stack.token({ [POD]: 'member' }, BOB);
  await call(bob, 'POST', '/api/checkins', { energy: 'low', stress: 8, mission: BOB_MISSION }, 201);
  await call(bob, 'POST', '/api/decisions', { text: BOB_DECISION, type: 'irreversible' }, 201);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('a person signed in', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn({ [POD]: 'lead' }, 'alice', ALICE);
  });
  afterAll(async () => page?.context().close());

  it("My day: today's check-in, the mission, the decisions due with the one past 48 h first and marked", async () => {
    await page.getByText(MISSION).waitFor();
    const checkin = page.getByRole('region', { name: 'Check-in' });
    await checkin.getByLabel('stress 6 of 10').waitFor();
    expect(await checkin.textContent()).toMatch(/Energymedium.*Tensionyes.*Circular thinkingno/);
    expect(await page.getByRole('region', { name: 'Mission' }).textContent()).toContain('clos daily complete');

    const due = page.getByRole('list', { name: 'Open decisions' }).getByRole('listitem');
    expect(await due.count()).toBe(2);
    expect(await due.nth(0).textContent()).toMatch(new RegExp(`past 48 h.*${OVERDUE}.*irreversible · open 3\\.0 d`));
    expect(await due.nth(1).textContent()).toContain(DUE);
    expect(await due.nth(1).textContent()).not.toContain('past 48 h');
    expect(await page.getByRole('region', { name: 'Decisions due' }).textContent()).toContain('2 open, 1 past the 48-hour target');

    const text = await mainText(page);
    expect(text).not.toContain(DECIDED);
    for (const theirs of OTHERS) expect(text).not.toContain(theirs);
    await screenshot(page, 'my-day');
  });

  it('Decisions: the whole log, open and decided, with the time each took against 48 hours', async () => {
    await page.getByRole('link', { name: 'Decisions', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Decision log' }).waitFor();
    await page.getByText('2 open · 1 decided, 1 within 48 hours').waitFor();
    const decided = page.getByRole('row', { name: new RegExp(DECIDED) });
    expect(await decided.textContent()).toMatch(new RegExp(`${RATIONALE}.*told ${BOB}.*reversible low.*decided .*0\\.0 h`));
    expect(await page.getByRole('row', { name: new RegExp(OVERDUE) }).textContent()).toMatch(/open past 48 h.*3\.0 d so far/);
    expect(await page.getByRole('row', { name: new RegExp(DUE) }).textContent()).toMatch(/reversible high.*open.*0\.0 h so far/);
    const text = await mainText(page);
    for (const theirs of OTHERS) expect(text).not.toContain(theirs);
    await screenshot(page, 'decisions');
  });

  it('both pages pass axe-core, name every control and fit a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, storageState: await page.context().storageState() });
    try {
      const small = await phone.newPage();
      const problems: Record<string, unknown> = {};
      for (const [path, content] of [
        ['/my-day/', MISSION],
        ['/decisions/', DECIDED],
      ] as const) {
        for (const p of [page, small]) {
          await p.goto(`${stack.url}${path}`);
          await p.locator('main h1').waitFor();
          await settled(p);
        }
        await small.getByText(content).first().waitFor();
        const violations = await seriousAxeViolations(page);
        const unnamed = await unnamedControls(page);
        const overflow = await horizontalOverflow(small);
        if (violations.length > 0 || unnamed.length > 0 || overflow > 0) problems[path] = { violations, unnamed, overflow };
      }
      expect(problems).toEqual({});
    } finally {
      await phone.close();
    }
  });
});

it('a person who has not checked in today is told how: clos daily checkin or /checkin in Slack', async () => {
  const page = await signedIn({ [POD]: 'member' }, 'carol', CAROL);
  try {
    const prompt = page.getByTestId('checkin-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toMatch(/clos daily checkin --energy .*\/checkin in Slack/);
    expect(await page.getByRole('region', { name: 'Decisions due' }).textContent()).toContain('No open decision');
    const text = await mainText(page);
    for (const theirs of [...ALICES, ...OTHERS]) expect(text).not.toContain(theirs);
  } finally {
    await page.context().close();
  }
});

it("an admin whose session acts for no person sees why, and nothing of anyone's records", async () => {
  const page = await signedIn({ '*': 'admin' }, 'local admin');
  try {
    for (const [path, heading] of [
      ['/my-day/', 'My day'],
      ['/decisions/', 'Decisions'],
    ] as const) {
      await page.goto(`${stack.url}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      const notice = page.getByTestId('no-person');
      await notice.getByRole('heading', { name: 'This session acts for no person' }).waitFor();
      expect(await notice.textContent()).toContain('login-link --name you --person');
      const text = await mainText(page);
      for (const anyones of [...ALICES, ...OTHERS]) expect(text).not.toContain(anyones);
      expect(await page.locator('main').getByRole('alert').count()).toBe(0);
    }
    await screenshot(page, 'my-day-no-person');
  } finally {
    await page.context().close();
  }
});
