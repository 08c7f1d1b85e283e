import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { PodRoles } from '@clos/app';
import { ensureChromium, ensureDashboardBuild, findRepoRoot } from '@clos/devstack';
import { launchChromium } from './browser.js';
import { startDashboardStack, type DashboardStack } from './dashboard-stack.js';

/** One pod, `Leadership`, of a lead and members whose ids are unique to the run, and its clos.yml. */
export interface LeadershipPod<Name extends string> {
  podId: string;
  /** Each person's id (their GitHub login in clos.yml), by the name they were given. */
  people: Record<Name, string>;
  closYml: string;
}

/**
 * A pod led by `lead` with `members` in it, in an organisation on UTC. Ids carry a random
 * suffix: workflow ids and records are shared by every test file of a run.
 */
export function leadershipPod<Lead extends string, Member extends string>(lead: Lead, members: readonly Member[]): LeadershipPod<Lead | Member> {
  const s = Math.random().toString(36).slice(2, 8);
  const people = Object.fromEntries([lead, ...members].map((name) => [name, `${name}-${s}`])) as Record<Lead | Member, string>;
  const memberLines = [
    `      - github: ${people[lead]}\n        role: lead`,
    ...members.map((name) => `      - github: ${people[name]}\n        role: member`),
  ];
  const closYml = `
org: acme
timezone: UTC
pods:
  - id: lead-${s}
    name: Leadership
    wipLimit: 2
    repos: [acme/lead-${s}]
    members:
${memberLines.join('\n')}
`;
  return { podId: `lead-${s}`, people, closYml };
}

/** The pages that show one person's own records, against the whole of CLOS, and what their tests do there. */
export interface PersonPages {
  stack: DashboardStack;
  browser: Browser;
  /** Calls the api as `token`, expecting `status`; returns the JSON answer. */
  call<T>(token: string, method: string, path: string, body: unknown, status: number): Promise<T>;
  /** A browser page signed in through a one-time login link, on the home page once shown (acting for `personId` when given). */
  signedIn(roles: PodRoles, name: string, personId?: string): Promise<Page>;
}

/**
 * Builds the dashboard export (when its sources changed), starts CLOS serving it with the
 * leadership records' keys (a fresh one per run) and launches a browser. `home` is where a
 * login lands, and the level-1 heading that says the page is there.
 */
export async function startPersonPages(options: { closYml: string; home: { path: string; heading: string } }): Promise<PersonPages> {
  const [build] = await Promise.all([ensureDashboardBuild({ repoRoot: findRepoRoot() }), ensureChromium()]);
  const stack = await startDashboardStack({
    closYml: options.closYml,
    dashboardDir: build.outDir,
    dataKeys: { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) },
  });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await stack.close();
    throw error;
  }
  return {
    stack,
    browser,
    async call<T>(token: string, method: string, path: string, body: unknown, status: number): Promise<T> {
      const response = await fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const answer = (await response.json()) as T;
      if (response.status !== status) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
      return answer;
    },
    async signedIn(roles, name, personId) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      await page.goto(await stack.loginLink(roles, options.home.path, name, personId));
      await page.getByRole('heading', { name: options.home.heading, level: 1 }).waitFor();
      return page;
    },
  };
}

/** Waits until no section of the page still says "Loading …". */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => ![...document.querySelectorAll('[role=status]')].some((el) => /^Loading/.test(el.textContent ?? '')));
}

/** The text of the page's main region. */
export async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}
