import type { Browser, Page } from 'playwright-core';
import { horizontalOverflow, screenshot, seriousAxeViolations, unnamedControls } from './support/browser.js';
import type { DashboardStack } from './support/dashboard-stack.js';
import { leadershipPod, mainText, settled, startPersonPages, type PersonPages } from './support/person-pages.js';

/**
 * Delegations, Leadership projects, Reviews and Patterns in a real browser against the whole of
 * CLOS: a person signed in sees their own delegations with outcomes and success rate, their
 * projects' deadline against estimate at completion (late ones marked, one shipped early), their
 * weekly and monthly review figures with charts, and the patterns the api finds (paralysis by
 * the type of the decision it is stuck on among them) — "not enough data" where it has too few
 * observations — and nothing of another person's; an admin whose session acts for no person
 * sees why these pages are empty.
 */
const { podId: POD, people: { alice: ALICE, bob: BOB }, closYml: CLOS_YML } = leadershipPod('alice', ['bob']);

const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const plusDays = (days: number, from = today) => new Date(Date.parse(`${from}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** Monday of this week (UTC, the organisation's time zone). */
const monday = plusDays(-((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));

/** Alice's delegations: 6 owned, 2 re-engaged, 1 boomeranged of 9 ended, and one open. */
const DELEGATIONS = [
  { task: 'Run the hiring loop', to: 'dana', control: 3, handoff: true, outcome: 'owned' },
  { task: 'Own the release notes', to: 'dana', control: 2, handoff: true, outcome: 'owned' },
  { task: 'Plan the offsite', to: 'dana', control: 4, handoff: true, outcome: 'owned' },
  { task: 'Answer the auditors', to: 'eli', control: 3, handoff: true, outcome: 'owned' },
  { task: 'Draft the board deck', to: 'eli', control: 5, handoff: false, outcome: 'owned' },
  { task: 'Renew the insurance', to: 'eli', control: 2, handoff: true, outcome: 'owned' },
  { task: 'Fix the billing export', to: 'eli', control: 8, handoff: false, outcome: 're_engaged' },
  { task: 'Choose the new CRM', to: 'dana', control: 9, handoff: false, outcome: 're_engaged' },
  { task: 'Negotiate the cloud contract', to: 'eli', control: 10, handoff: false, outcome: 'boomeranged' },
  { task: 'Write the security policy', to: 'dana', control: 6, handoff: false, outcome: null },
] as const;
const LATE = 'Launch the partner programme';
const ON_TRACK = 'Rewrite onboarding';
const EARLY = 'Close the seed round';
const KILLED = 'Open a Tokyo office';
const KILL_REASON = 'The market moved';
const BOB_DELEGATION = 'Bob delegation: sublet the third floor';
const BOB_PROJECT = 'Bob project: move to Lisbon';
const OTHERS = [BOB_DELEGATION, BOB_PROJECT];
const ALICES = [DELEGATIONS[0].task, LATE, EARLY];

let stack: DashboardStack;
let browser: Browser;
let call: PersonPages['call'];
let signedIn: PersonPages['signedIn'];
let alice: string;

/**
 * Three check-ins with a mission on Monday to Wednesday of four past weeks — 7, 6 and 5 weeks
 * ago (outside the last month) and last week — 0, 1, 2 and 3 of them delivered (a completion
 * rate rising a third from one such week to the next), then today's without a mission.
 */
async function seedCheckins(): Promise<void> {
  for (const [index, week] of [7, 6, 5, 1].entries()) {
    for (let day = 0; day < 3; day += 1) {
      const checkin = await call<{ id: string }>(alice, 'POST', '/api/checkins', { energy: (['high', 'medium', 'low'] as const)[day], stress: 3 + day, mission: `Mission ${week}.${day}` }, 201);
      const delivered = day < index;
      await stack.enforcement.pool.query(`UPDATE leadership_checkins SET local_date = $2, completion = $3, completed_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END WHERE id = $1`, [
        checkin.id,
        plusDays(-7 * week + day, monday),
        delivered ? 'delivered' : null,
      ]);
    }
  }
  await call(alice, 'POST', '/api/checkins', { energy: 'high', stress: 4 }, 201);
  await call(alice, 'POST', '/api/paralysis', { decision: 'Which market first', fear: 'Picking wrong' }, 201);
}

/**
 * Four paralysis episodes seven weeks ago (outside the last month), three of them on the
 * auditor decision, besides today's unlinked one: over 3 months 5 episodes, 3 on a cheap
 * reversible decision and 2 unlinked; over the last month only today's.
 */
async function seedParalysis(auditorDecision: string): Promise<void> {
  for (const decisionId of [auditorDecision, auditorDecision, auditorDecision, undefined]) {
    const episode = await call<{ id: string }>(alice, 'POST', '/api/paralysis', { decision: 'Which auditor', fear: 'Paying twice', ...(decisionId ? { decisionId } : {}) }, 201);
    await stack.enforcement.pool.query('UPDATE leadership_paralysis SET local_date = $2 WHERE id = $1', [episode.id, plusDays(-49, monday)]);
  }
}

beforeAll(async () => {
  ({ stack, browser, call, signedIn } = await startPersonPages({ closYml: CLOS_YML, home: { path: '/delegations/', heading: 'Delegations' } }));

  alice = await stack.token({ [POD]: 'lead' }, ALICE);
  await seedCheckins();
  for (const d of DELEGATIONS) {
    const made = await call<{ id: string }>(alice, 'POST', '/api/delegations', { task: d.task, to: d.to, control: d.control, handoff: d.handoff }, 201);
    if (d.outcome !== null) await call(alice, 'POST', `/api/delegations/${made.id}/outcome`, { outcome: d.outcome }, 200);
  }
  const decision = await call<{ id: string }>(alice, 'POST', '/api/decisions', { text: 'Pick the auditor', type: 'reversible_low' }, 201);
  await call(alice, 'POST', `/api/decisions/${decision.id}/decide`, { rationale: 'Cheapest with references' }, 200);
  await seedParalysis(decision.id);

  const late = await call<{ id: string }>(alice, 'POST', '/api/leadership/projects', { name: LATE, criteria: '20 partners signed', deadline: plusDays(20), eac: plusDays(30) }, 201);
  await call(alice, 'POST', `/api/leadership/projects/${late.id}/status`, { status: 'yellow' }, 200);
  await call(alice, 'POST', '/api/leadership/projects', { name: ON_TRACK, criteria: 'Activation above 40 %', deadline: plusDays(30), eac: plusDays(25) }, 201);
  const early = await call<{ id: string }>(alice, 'POST', '/api/leadership/projects', { name: EARLY, criteria: 'Money in the bank', deadline: plusDays(10), eac: plusDays(5) }, 201);
  await call(alice, 'POST', `/api/leadership/projects/${early.id}/complete`, { early: true }, 200);
  const killed = await call<{ id: string }>(alice, 'POST', '/api/leadership/projects', { name: KILLED, criteria: 'Five hires in Tokyo', deadline: plusDays(60), eac: plusDays(90) }, 201);
  await call(alice, 'POST', `/api/leadership/projects/${killed.id}/kill`, { reason: KILL_REASON }, 200);

  const bob = await stack.token({ [POD]: 'member' }, BOB);
  await call(bob, 'POST', '/api/delegations', { task: BOB_DELEGATION, to: 'fay', control: 5 }, 201);
  await call(bob, 'POST', '/api/leadership/projects', { name: BOB_PROJECT, criteria: 'Everyone moved', deadline: plusDays(5), eac: plusDays(50) }, 201);
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

  it('Delegations: each task, to whom, control impulse, handoff and outcome, and the success rate', async () => {
    await page.getByRole('heading', { name: 'All delegations' }).waitFor();
    expect(await page.getByTestId('success-rate').textContent()).toBe('67%');
    expect(await page.getByRole('region', { name: 'Outcomes' }).textContent()).toMatch(/Delegations10.*Ended9.*owned, of the 9 that ended/);
    await page.getByRole('img', { name: 'Outcomes: 6 owned, 2 re-engaged, 1 boomeranged, 1 open' }).waitFor();
    expect(await page.getByRole('row', { name: /Negotiate the cloud contract/ }).textContent()).toMatch(/eli.*10 \/ 10.*not done.*boomeranged/);
    expect(await page.getByRole('row', { name: /Run the hiring loop/ }).textContent()).toMatch(/dana.*3 \/ 10.*done.*owned/);
    expect(await page.getByRole('row', { name: /Write the security policy/ }).textContent()).toMatch(/dana.*6 \/ 10.*not done.*open/);
    expect(await mainText(page)).not.toContain(BOB_DELEGATION);
    await screenshot(page, 'delegations');
  });

  it('Leadership projects: deadline against estimate at completion on one timeline, the late one marked, status, shipped early', async () => {
    await page.getByRole('link', { name: 'Leadership projects' }).click();
    await page.getByRole('heading', { name: 'Deadline against estimate at completion' }).waitFor();
    expect(await page.getByTestId('projects-summary').textContent()).toBe('2 active, 1 late · 1 completed, 1 shipped early · 1 killed');
    const items = page.getByRole('list', { name: 'Projects' }).getByRole('listitem');
    const late = items.filter({ hasText: LATE });
    expect(await late.textContent()).toMatch(/yellow.*late by 10 d/);
    await late.getByRole('img', { name: new RegExp(`^${LATE}: started .*, deadline .*, estimate at completion .*, late by 10 days$`) }).waitFor();
    const onTrack = items.filter({ hasText: ON_TRACK });
    expect(await onTrack.textContent()).toMatch(/green/);
    expect(await onTrack.textContent()).not.toContain('late by');
    expect(await items.filter({ hasText: EARLY }).textContent()).toMatch(/completed.*shipped early/);
    expect(await items.filter({ hasText: KILLED }).textContent()).toMatch(new RegExp(`killed.*${KILL_REASON}`));
    expect(await mainText(page)).not.toContain(BOB_PROJECT);
    await screenshot(page, 'leadership-projects');
  });

  it('Reviews: the weekly and monthly figures with charts, as the api computes them; the previous week a click away', async () => {
    await page.getByRole('link', { name: 'Reviews' }).click();
    const weekly = page.getByRole('region', { name: 'Weekly review' });
    const monthly = page.getByRole('region', { name: 'Monthly review' });
    await weekly.getByTestId('weekly-rates').waitFor();
    await monthly.getByTestId('monthly-rates').waitFor();
    // This week: today's check-in (high energy), one decision made in time, the delegations, the early project.
    const rates = (await weekly.getByTestId('weekly-rates').textContent()) ?? '';
    expect(rates).toMatch(/Completion—.*Decisions within 48 h100%.*of 1 decided.*Delegation success67%.*6 owned of 9 ended, 1 open/);
    await weekly.getByRole('img', { name: 'Energy: 1 high, 0 medium, 0 low' }).waitFor();
    await weekly.getByRole('img', { name: 'Projects ended: 1 early, 0 on time, 0 late, 1 killed' }).waitFor();
    const month = await call<{ figures: { completionRate: number | null; energy: Record<string, number> } }>(alice, 'GET', '/api/reviews/monthly', undefined, 200);
    const share = month.figures.completionRate;
    expect(await monthly.getByTestId('monthly-rates').textContent()).toContain(`Completion${share === null ? '—' : `${Math.round(share * 100)}%`}`);
    await monthly.getByRole('img', { name: `Energy: ${month.figures.energy.high} high, ${month.figures.energy.medium} medium, ${month.figures.energy.low} low` }).waitFor();
    await screenshot(page, 'reviews');

    // Last week: three check-ins, each mission delivered.
    await weekly.getByRole('button', { name: 'Previous week' }).click();
    await weekly.getByText('3 check-ins').waitFor();
    expect(await weekly.getByTestId('weekly-rates').textContent()).toMatch(/Completion100%.*3 of 3 missions/);
    await weekly.getByRole('img', { name: 'Missions: 3 delivered, 0 delegated, 0 live, 0 open' }).waitFor();
    await weekly.getByRole('button', { name: 'Next week' }).click();
    await weekly.getByText(/1 check-in$/).waitFor();
    expect(await weekly.getByRole('button', { name: 'Next week' }).isDisabled()).toBe(true);
  });

  it('Patterns: paralysis by decision type, the shipping slope with its interval and the delegation predictors, and "not enough data" below the minimum', async () => {
    await page.getByRole('link', { name: 'Patterns' }).click();
    const paralysis = page.getByRole('region', { name: 'Paralysis triggers' });
    const byType = paralysis.getByRole('table', { name: 'Paralysis episodes by decision type' });
    await byType.waitFor();
    expect(await paralysis.textContent()).toContain('n = 5');
    expect(await byType.getByRole('row').allTextContents()).toEqual([
      'Decision typeEpisodesShare',
      'reversible low360%',
      'reversible high00%',
      'irreversible00%',
      'no decision linked240%',
    ]);

    const shipping = page.getByRole('region', { name: 'Shipping trend' });
    // The api rounds each week's rate to 0.33 and 0.67: a slope of a third a week, give or take a point.
    expect(await shipping.getByTestId('shipping-slope').textContent()).toMatch(/^improving: \+33\.\d points of completion a week, 95 % interval \+3\d\.\d points to \+3\d\.\d points\.$/);
    await shipping.getByRole('img', { name: /^Slope per week: \+33\.\d points/ }).waitFor();
    await shipping.getByRole('img', { name: /^Weekly completion: week of .* 0%, .* 33%, .* 67%, .* 100%$/ }).waitFor();

    const delegation = page.getByRole('region', { name: 'Delegation predictors' });
    expect(await delegation.textContent()).toMatch(/n = 9.*Success rate 67%\. Control impulse and being owned: r = -0\.\d\d, the stronger the urge to keep control, the less often owned/);
    await delegation.getByRole('img', { name: 'Owned with a handoff 100%, without 25%' }).waitFor();
    expect(await delegation.getByRole('row', { name: /eli/ }).textContent()).toBe('eli560%');

    expect(await page.getByRole('region', { name: 'Energy and completion' }).textContent()).toMatch(/n = 13.*Completion by energy/);
    await screenshot(page, 'patterns');

    // The last month holds one week with missions: no trend is claimed, the week is still plotted.
    // Nor is a paralysis pattern: today's episode is the month's only one.
    await page.getByLabel('Period').selectOption('1month');
    await paralysis.getByTestId('not-enough').waitFor();
    expect(await paralysis.getByTestId('not-enough').textContent()).toMatch(/^Not enough data \(n = 1 < 5 minimum\): 1 paralysis episodes, at least 5 needed/);
    await shipping.getByTestId('not-enough').waitFor();
    expect(await shipping.getByTestId('not-enough').textContent()).toMatch(/^Not enough data \(n = 1 < 4 minimum\): 1 weeks with missions, at least 4 needed/);
    await shipping.getByRole('img', { name: /^Weekly completion: week of .* 100%$/ }).waitFor();
  });

  it('the four pages pass axe-core, name every control and fit a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, storageState: await page.context().storageState() });
    try {
      const small = await phone.newPage();
      const problems: Record<string, unknown> = {};
      for (const [path, content] of [
        ['/delegations/', DELEGATIONS[0].task],
        ['/leadership-projects/', LATE],
        ['/reviews/', 'Decisions within 48 h'],
        ['/patterns/', 'By delegate'],
      ] as const) {
        for (const p of [page, small]) {
          await p.goto(`${stack.url}${path}`);
          await p.locator('main h1').waitFor();
          await settled(p);
          await p.getByText(content).first().waitFor();
        }
        const violations = await seriousAxeViolations(page);
        const unnamed = await unnamedControls(page);
        const overflow = await horizontalOverflow(small);
        if (violations.length > 0 || unnamed.length > 0 || overflow > 0) problems[path] = { violations, unnamed, overflow };
        await screenshot(small, `phone${path.replace(/\/$/, '').replace(/\//g, '-')}`);
      }
      expect(problems).toEqual({});
    } finally {
      await phone.close();
    }
  });
});

it("an admin whose session acts for no person sees why on each page, and nothing of anyone's records", async () => {
  const page = await signedIn({ '*': 'admin' }, 'local admin');
  try {
    for (const [path, heading] of [
      ['/delegations/', 'Delegations'],
      ['/leadership-projects/', 'Leadership projects'],
      ['/reviews/', 'Reviews'],
      ['/patterns/', 'Patterns'],
    ] as const) {
      await page.goto(`${stack.url}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      const notice = page.getByTestId('no-person');
      await notice.getByRole('heading', { name: 'This session acts for no person' }).waitFor();
      expect(await notice.textContent()).toContain('login-link --name you --person');
      expect(await page.getByTestId('no-person').count()).toBe(1);
      const text = await mainText(page);
      for (const anyones of [...ALICES, ...OTHERS]) expect(text).not.toContain(anyones);
      expect(await page.locator('main').getByRole('alert').count()).toBe(0);
    }
  } finally {
    await page.context().close();
  }
});
