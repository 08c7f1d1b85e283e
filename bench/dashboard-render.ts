import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type pg from 'pg';
import { computePodHealth, parseClosConfig } from '@clos/domain';
import { CHROMIUM_PATH, ensureChromium, ensureDashboardBuild, findRepoRoot } from '@clos/devstack';
import { createPool, syncConfigToDb } from '@clos/platform';
import { ConfigHolder } from '@clos/processor';
import { buildServer } from '../services/api/src/server.js';
import { createLoginLink } from '../services/api/src/auth/session.js';
import { percentile } from './report/stats.js';
import { startLocalStack, type LocalStack } from './stack/local-stack.js';

const USAGE = `usage: npm run bench:dashboard [-- --pods 50 --projects 500 --events 100000 --runs 7]
Seeds a large organisation, then measures how long each dashboard page takes in Chromium from
navigation until its content is visible, next to a static hello page served the same way.`;

/** The target: every page shows its content within this, at the p50 of the runs. */
const TARGET_MS = 1_000;

/** Size of the organisation seeded. */
interface Scale {
  pods: number;
  projects: number;
  events: number;
}

/** One page's render times. */
export interface RenderResult {
  page: string;
  path: string;
  p50Ms: number;
  maxMs: number;
  /** p50 of the page's api calls made at once, outside the browser; null for the baseline. */
  apiP50Ms: number | null;
  runs: number[];
}

/**
 * `npm run bench:dashboard`: starts a throw-away local stack, seeds `pods` pods, `projects`
 * projects and `events` events (plus health history, work items, ideas, demos, standups)
 * straight into Postgres, serves the dashboard export from the api as `npm run up` does,
 * and times each page in Chromium. The baseline is a static hello page served by the same
 * server, measured in the same run.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      pods: { type: 'string', default: '50' },
      projects: { type: 'string', default: '500' },
      events: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '7' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const scale: Scale = { pods: Number(values.pods), projects: Number(values.projects), events: Number(values.events) };
  const runs = Number(values.runs);
  const log = (line: string): void => console.error(`bench: ${line}`);
  const repoRoot = findRepoRoot();

  let local: LocalStack | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    log('building the dashboard export if stale, and checking for Chromium');
    const [build] = await Promise.all([ensureDashboardBuild({ repoRoot, log }), ensureChromium(log)]);
    log('starting Postgres, Temporal and dynalite');
    local = await startLocalStack(log);
    const pool = createPool({ connectionString: local.endpoints.databaseUrl, max: 16, applicationName: 'clos-bench-dashboard' });
    closers.push(() => pool.end());
    const closYml = largeClosYml(scale);
    const config = parseClosConfig(closYml, 'clos.yml');
    await syncConfigToDb(pool, config);
    const seeded = Date.now();
    await seedLarge(pool, scale);
    log(`seeded ${scale.pods} pods, ${scale.projects} projects, ${scale.events} events in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const connection = Connection.lazy({ address: local.endpoints.temporalAddress });
    closers.push(() => connection.close());
    const temporal = new Client({ connection });
    const app = await buildServer({
      healthChecks: [],
      rest: { pool, temporal, config: new ConfigHolder(config), rateLimit: { max: 100_000, timeWindowMs: 60_000 } },
      explain: { temporal, access: { db: pool } },
      dashboardDir: build.outDir,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const helloDir = mkdtempSync(join(tmpdir(), 'clos-hello-'));
    closers.push(async () => rmSync(helloDir, { recursive: true, force: true }));
    writeFileSync(join(helloDir, 'index.html'), '<!doctype html><html lang="en"><title>hello</title><main><h1>Hello</h1></main></html>');
    const hello = await buildServer({ healthChecks: [], dashboardDir: helloDir });
    await hello.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => hello.close());
    const helloUrl = `http://127.0.0.1:${(hello.server.address() as AddressInfo).port}/`;

    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-background-networking'] });
    closers.push(() => browser.close());
    const results = await measure(browser, { url, helloUrl, pool, runs });
    console.log(formatResults(results, scale));
    const slow = results.filter((r) => r.page !== 'baseline (static hello)' && r.p50Ms > TARGET_MS);
    if (slow.length > 0) console.log(`\nover the ${TARGET_MS} ms target: ${slow.map((r) => r.page).join(', ')}`);
    return slow.length === 0 ? 0 : 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await local?.stop();
  }
}

/** Times the baseline and every page, `runs` times each after one warm-up. */
async function measure(browser: Browser, o: { url: string; helloUrl: string; pool: pg.Pool; runs: number }): Promise<RenderResult[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const link = await createLoginLink(o.pool, { roles: { '*': 'admin' }, name: 'bench', createdBy: 'bench', now: new Date() });
  await page.goto(`${o.url}/auth/link?token=${encodeURIComponent(link.token)}&next=/`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  // Each page with what marks its content as shown, and the api calls it makes (timed apart
  // from the browser, all at once as the page makes them, to tell api time from page time).
  const pages: [string, string, string, string[]][] = [
    ['baseline (static hello)', o.helloUrl, 'main h1', []],
    ['overview', `${o.url}/`, 'main article, main .notice', ['/api/me', '/api/health']],
    [
      'pod',
      `${o.url}/pod/?id=pod-0`,
      'main h1',
      ['/api/me', '/api/pods/pod-0', '/api/pods/pod-0/wip', '/api/pods/pod-0/health?limit=14', '/api/pods/pod-0/flow?days=30', '/api/blockers?pod=pod-0&open=true&limit=100', '/api/standups?pod=pod-0&limit=200'],
    ],
    ['funnel', `${o.url}/funnel/`, 'main h1', ['/api/me', '/api/funnel', '/api/projects?status=active&limit=200']],
    ['project', `${o.url}/project/?id=project-0`, 'main h1', ['/api/me', '/api/projects/project-0', '/api/projects/project-0/stage', '/api/projects/project-0/transitions?limit=200', '/api/projects/project-0/evidence?limit=200']],
    ['ideas', `${o.url}/ideas/`, 'main table, main .notice', ['/api/me', '/api/ideas?limit=200']],
    ['activity', `${o.url}/activity/`, 'main h1', ['/api/me', '/api/events?limit=30']],
  ];
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const results: RenderResult[] = [];
  for (const [name, url, selector, calls] of pages) {
    await timeOnce(page, url, selector);
    const times: number[] = [];
    for (let i = 0; i < o.runs; i++) times.push(await timeOnce(page, url, selector));
    const api: number[] = [];
    for (let i = 0; i < o.runs && calls.length > 0; i++) api.push(await timeCalls(o.url, calls, cookie));
    const sorted = [...times].sort((a, b) => a - b);
    results.push({
      page: name,
      path: url.replace(o.url, '') || '/',
      p50Ms: percentile(sorted, 50),
      maxMs: sorted[sorted.length - 1]!,
      apiP50Ms: api.length > 0 ? percentile([...api].sort((a, b) => a - b), 50) : null,
      runs: times,
    });
  }
  await context.close();
  return results;
}

/** Milliseconds until every one of `paths` has answered, called at once. */
async function timeCalls(base: string, paths: string[], cookie: string): Promise<number> {
  const started = performance.now();
  await Promise.all(
    paths.map(async (path) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie, accept: 'application/json' } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    }),
  );
  return Math.round(performance.now() - started);
}

/** The page's document, typed for the one call made on it (this package is checked without the DOM library). */
interface StatusDocument {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
}

/** Milliseconds from navigation start until `selector` is visible and no section says "Loading …". */
async function timeOnce(page: Page, url: string, selector: string): Promise<number> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(
    () => !Array.from((globalThis as unknown as { document: StatusDocument }).document.querySelectorAll('[role=status]')).some((el) => /^(Loading|Checking)/.test(el.textContent ?? '')),
    undefined,
    { timeout: 30_000, polling: 'raf' },
  );
  return Math.round(performance.now() - started);
}

function formatResults(results: RenderResult[], scale: Scale): string {
  const baseline = results[0]!.p50Ms;
  const rows = results.map(
    (r) =>
      `  ${r.page.padEnd(26)} ${String(r.p50Ms).padStart(6)} ms ${String(r.maxMs).padStart(6)} ms ${(r.apiP50Ms === null ? '' : `${r.apiP50Ms} ms`).padStart(9)}   ${r === results[0] ? '' : `+${r.p50Ms - baseline} ms over baseline`}`,
  );
  return [
    '',
    `Dashboard render (navigation → content visible), ${scale.pods} pods, ${scale.projects} projects, ${scale.events} events; target p50 < ${TARGET_MS} ms`,
    `  ${'page'.padEnd(26)} ${'p50'.padStart(9)} ${'max'.padStart(9)} ${'api p50'.padStart(9)}`,
    ...rows,
  ].join('\n');
}

/** clos.yml of `pods` pods with `projects` projects spread over them (built-in delivery template). */
function largeClosYml(scale: Scale): string {
  const pods = Array.from({ length: scale.pods }, (_, i) =>
    [`  - id: pod-${i}`, `    name: Pod ${i}`, `    wipLimit: 5`, `    repos: [bench-org/repo-${i}]`, `    members:`, `      - github: lead-${i}`, `        role: lead`, `      - github: dev-${i}`, `        role: member`].join('\n'),
  );
  const projects = Array.from({ length: scale.projects }, (_, i) =>
    [`  - id: project-${i}`, `    name: Project ${i}`, `    pod: pod-${i % scale.pods}`, `    template: delivery`].join('\n'),
  );
  return ['org: bench', 'timezone: UTC', 'pods:', ...pods, 'projects:', ...projects, ''].join('\n');
}

/** Bulk rows through generate_series: events, work items, health history, ideas, demos, standups. */
async function seedLarge(pool: pg.Pool, scale: Scale): Promise<void> {
  const types = ['pr.opened', 'pr.closed', 'pr.merged', 'check.completed', 'push.default_branch', 'issue.started'];
  await pool.query(
    `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status, processed_at)
     SELECT gen_random_uuid(), ($2::text[])[1 + g % array_length($2::text[], 1)], 'github',
            now() - (g || ' seconds')::interval * 25, now() - (g || ' seconds')::interval * 25,
            'bench-' || g, 'bench-' || g,
            jsonb_build_object('podId', 'pod-' || (g % $3), 'projectId', 'project-' || (g % $4), 'workItemId', 'gh:bench-org/repo-' || (g % $3) || '#' || (g % 4000)),
            '{}'::jsonb, 'done', now()
       FROM generate_series(1, $1) AS g`,
    [scale.events, types, scale.pods, scale.projects],
  );
  await pool.query(
    `INSERT INTO work_items (id, kind, pod_id, project_id, person_id, state, title, url, repo, number, opened_at, closed_at, merged_at)
     SELECT 'gh:bench-org/repo-' || (g % $1) || '#' || g, 'pull_request', 'pod-' || (g % $1), 'project-' || (g % $2), 'dev-' || (g % $1),
            CASE WHEN g % 10 = 0 THEN 'open' ELSE 'merged' END, 'Change ' || g, 'https://github.com/bench-org/repo-' || (g % $1) || '/pull/' || g,
            'bench-org/repo-' || (g % $1), g, now() - (g % 30 || ' days')::interval - interval '30 hours',
            CASE WHEN g % 10 = 0 THEN NULL ELSE now() - (g % 30 || ' days')::interval END,
            CASE WHEN g % 10 = 0 THEN NULL ELSE now() - (g % 30 || ' days')::interval END
       FROM generate_series(1, $1 * 200) AS g`,
    [scale.pods, scale.projects],
  );
  const health = computePodHealth({ wipUtilisation: 1.7, wipViolations: 3, blockerAgeDays: 1, standupParticipation: 0.8, escalations: 0 });
  await pool.query(
    `INSERT INTO pod_health_snapshots (pod_id, at, score, components, failing)
     SELECT 'pod-' || p, date_trunc('hour', now()) - (h || ' hours')::interval, 40 + (p * 7 + h * 3) % 60, $2::jsonb, $3::text[]
       FROM generate_series(0, $1 - 1) AS p, generate_series(0, 47) AS h`,
    [scale.pods, JSON.stringify(health.components), health.failing],
  );
  await pool.query(
    `INSERT INTO ideas (pod_id, title, problem, impact, confidence, ease, status, submitted_by)
     SELECT 'pod-' || (g % $1), 'Idea ' || g, 'A problem worth solving', 1 + g % 10, 1 + (g * 3) % 10, 1 + (g * 7) % 10,
            (ARRAY['proposed', 'accepted', 'rejected'])[1 + g % 3], 'dev-' || (g % $1)
       FROM generate_series(1, 1000) AS g`,
    [scale.pods],
  );
  await pool.query(
    `INSERT INTO demos (project_id, pod_id, scheduled_for, scheduled_by)
     SELECT 'project-' || g, 'pod-' || (g % $1), current_date + (g % 28 - 14), 'lead-' || (g % $1) FROM generate_series(0, $2 - 1) AS g`,
    [scale.pods, scale.projects],
  );
  await pool.query(
    `INSERT INTO standups (pod_id, person_id, day, confidence)
     SELECT 'pod-' || p, who || '-' || p, current_date - d, 3 FROM generate_series(0, $1 - 1) AS p, generate_series(0, 13) AS d, unnest(ARRAY['lead', 'dev']) AS who`,
    [scale.pods],
  );
  await pool.query('ANALYZE');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
