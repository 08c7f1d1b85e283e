import { Client, Connection } from '@temporalio/client';
import { buildServer, createApiMetrics } from '@clos/api';
import { insertToken } from '@clos/api/auth';
import { migrate } from '@clos/database';
import { ensureDatabase, withDatabase } from '@clos/devstack';
import { createPool } from '@clos/platform';
import type { Pool } from 'pg';
import { ConfigHolder } from '@clos/processor';
import { largeOrgConfig } from '../apps/cli/src/seed/large-org.js';
import { seedDatabase, type SeedResult } from '../apps/cli/src/seed/seed.js';
import { startHelloServer } from './load/hello-server.js';
import type { LoadResult, LoadSpec } from './load/load-spec.js';
import { runLoad } from './load/run-load.js';
import { ms, num, table, times } from './report/format.js';
import { ratio } from './report/stats.js';

/** What the API read benchmark aims for, per endpoint, flat out. */
export const API_READ_TARGETS = { minRps: 2_000, maxP99Ms: 20 } as const;

/** How hard and how long each run pushes. */
export interface ApiReadOptions {
  seconds: number;
  connections: number;
  /** Size of the seeded organisation (1: 50 pods, 500 projects, 100,000 events). */
  scale: number;
}

/** One endpoint's figures beside the hello-world's. */
export interface ApiReadEndpoint {
  path: string;
  /** As deployed: the replica's read cache on (ADR 0026). */
  api: LoadResult;
  /** The read cache off: every request runs the endpoint's statements (or asks Temporal). */
  uncached: LoadResult;
  /**
   * The endpoint's own statements (as recorded from one request), run by as many concurrent
   * clients straight on a pool: the database's ceiling; 0 when it runs none (a Temporal query).
   */
  sqlAlone: { queriesPerSecond: number };
  /** The statements one uncached request runs (besides authentication and the rate limit), with EXPLAIN ANALYZE. */
  explain: { sql: string; plan: string[] }[];
  /** api ÷ hello-world: throughput (a fraction), p50 and p99 (factors). */
  ratios: { throughput: number; p50: number; p99: number };
}

/** Figures of the API read benchmark. */
export interface ApiReadResult {
  seeded: Pick<SeedResult, 'org' | 'pods' | 'projects' | 'ms'> & { events: number };
  connections: number;
  seconds: number;
  hello: LoadResult;
  endpoints: ApiReadEndpoint[];
  /**
   * GET /api/me — token check, rate limit, access wrapper, no query of its own — with the
   * verified-token cache on (as deployed) and off (one token lookup and one last-use UPDATE
   * statement per request): what authentication costs.
   */
  auth: { cached: LoadResult; uncached: LoadResult };
  /** Targets missed (a sentence each); empty when every endpoint met them. */
  missedTargets: string[];
}

/** A statement a request ran, as the pool was handed it. */
interface Statement {
  text: string;
  values: unknown[];
}

/** The statement every request runs whatever it reads (the shared rate limit): not the endpoint's own. */
const PER_REQUEST = /rate_limit_counters/;

/**
 * Records the statements `pool` is handed while `during` runs (the bench's own view of
 * what an endpoint asks of the database, whatever code path builds them).
 */
async function recordStatements(pool: Pool, during: () => Promise<void>): Promise<Statement[]> {
  const recorded: Statement[] = [];
  const original = pool.query;
  pool.query = function (this: Pool, ...args: unknown[]) {
    const [text, values] = args;
    if (typeof text === 'string') recorded.push({ text, values: Array.isArray(values) ? values : [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pool.query;
  try {
    await during();
  } finally {
    pool.query = original;
  }
  return recorded.filter((s) => !PER_REQUEST.test(s.text));
}

async function explain(pool: Pool, statements: Statement[]): Promise<ApiReadEndpoint['explain']> {
  const out: ApiReadEndpoint['explain'] = [];
  for (const s of statements) {
    if (!/^\s*(WITH|SELECT)\b/i.test(s.text)) continue;
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${s.text}`, s.values);
    out.push({ sql: s.text.replace(/\s+/g, ' ').trim(), plan: rows.map((r) => r['QUERY PLAN']) });
  }
  return out;
}

async function sqlAlone(pool: Pool, statements: Statement[], connections: number, seconds: number): Promise<number> {
  if (statements.length === 0) return 0;
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        for (const s of statements) await pool.query(s.text, s.values);
        done++;
      }
    }),
  );
  return done / seconds;
}

/**
 * API read throughput: GET /api/pods and GET /api/events?limit=50 with an admin bearer
 * token on a database seeded with the large organisation, each loaded flat out by
 * autocannon from another process, beside a bare fastify hello-world (GET /hello) in the
 * same process and run. The api is wired as `main.ts` wires it (REST, metrics, security
 * headers, rate limit, audit) on a Postgres of its own; reads need no Temporal.
 */
export async function runApiReadBenchmark(
  servers: { postgresAdminUrl: string; temporalAddress: string },
  options: ApiReadOptions,
  log: (line: string) => void,
): Promise<ApiReadResult> {
  const { postgresAdminUrl } = servers;
  const database = `clos_api_read_${process.pid}`;
  await ensureDatabase(postgresAdminUrl, database);
  const databaseUrl = withDatabase(postgresAdminUrl, database);
  await migrate({ databaseUrl });
  const seedPool = createPool({ connectionString: databaseUrl, max: 2, applicationName: 'clos-bench-seed' });
  let seeded: SeedResult;
  try {
    log(`api reads: seeding the large organisation (scale ${options.scale})`);
    seeded = await seedDatabase(seedPool, { kind: 'large', scale: options.scale }, { log: (line) => log(`api reads: seed ${line}`) });
    // As after any bulk load in production: statistics and the visibility map up to date, the
    // WAL flushed, so autovacuum and a checkpoint do not run during the measurement.
    await seedPool.query('VACUUM (ANALYZE) events, work_items, pods, repos, memberships, projects');
    await seedPool.query('CHECKPOINT');
  } finally {
    await seedPool.end();
  }

  const pool = createPool({ connectionString: databaseUrl, max: 10, applicationName: 'clos-bench-api' });
  // A pod's live WIP is a query to its workflow; no worker runs here, so Temporal answers that
  // the workflow has not started and the api serves clos.yml's policy with nobody holding.
  const connection = Connection.lazy({ address: servers.temporalAddress });
  const temporal = new Client({ connection });
  const orgConfig = largeOrgConfig(options.scale);
  const config = new ConfigHolder(orgConfig);
  const metrics = createApiMetrics({ db: pool, temporal, config, defaultMetrics: false });
  const api = (o: { tokenCacheMs?: number; readCacheMs?: number }) =>
    buildServer({
      healthChecks: [],
      metrics,
      // The rate limit stays on, high enough not to refuse the benchmark's token.
      rest: { pool, temporal, config, metrics, rateLimit: { max: 10_000_000, timeWindowMs: 60_000 }, taskQueue: `bench-api-read-${process.pid}`, ...o },
    });
  const app = await api({});
  const uncachedApp = await api({ tokenCacheMs: 0 });
  const noReadCacheApp = await api({ readCacheMs: 0 });
  // A word in a few hundred of the seeded documents: a search with real ranking work.
  const { rows: words } = await pool.query<{ word: string; ndoc: number }>(
    `SELECT word, ndoc FROM ts_stat('SELECT document FROM search_documents') WHERE length(word) > 4 ORDER BY abs(ndoc - 300), word LIMIT 1`,
  );
  const paths = ['/api/pods', '/api/events?limit=50', `/api/pods/${orgConfig.pods[0]!.id}/wip`, `/api/search?q=${encodeURIComponent(words[0]?.word ?? 'review')}`];
  const hello = await startHelloServer();
  try {
    const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const uncachedUrl = await uncachedApp.listen({ port: 0, host: '127.0.0.1' });
    const noReadCacheUrl = await noReadCacheApp.listen({ port: 0, host: '127.0.0.1' });
    const { token } = await insertToken(pool, { name: 'bench reader', roles: { '*': 'admin' }, expiresAt: null, createdBy: 'bench' });
    const headers = { authorization: `Bearer ${token}` };
    const spec = (url: string, path: string): LoadSpec => ({
      url,
      method: 'GET',
      path,
      headers,
      connections: options.connections,
      durationSeconds: options.seconds,
    });

    const statementsOf = new Map<string, Statement[]>();
    // The token verified once, so what is recorded below is the endpoints' own work.
    await fetch(`${noReadCacheUrl}/api/me`, { headers });
    for (const path of paths) {
      const probe = await fetch(`${apiUrl}${path}`, { headers });
      if (probe.status !== 200) throw new Error(`GET ${path} answered ${probe.status}: ${await probe.text()}`);
      statementsOf.set(
        path,
        await recordStatements(pool, async () => {
          const uncachedProbe = await fetch(`${noReadCacheUrl}${path}`, { headers });
          if (uncachedProbe.status !== 200) throw new Error(`GET ${path} (no read cache) answered ${uncachedProbe.status}`);
        }),
      );
    }
    log(`api reads: hello-world flat out, ${options.connections} connections, ${options.seconds} s`);
    const helloResult = await runLoad(spec(hello.url, '/hello'));
    const endpoints: ApiReadEndpoint[] = [];
    for (const path of paths) {
      log(`api reads: GET ${path} flat out, read cache on (after a 2 s warm-up)`);
      await runLoad({ ...spec(apiUrl, path), durationSeconds: 2 });
      const api = await runLoad(spec(apiUrl, path));
      log(`api reads: GET ${path} flat out, read cache off (after a 2 s warm-up)`);
      await runLoad({ ...spec(noReadCacheUrl, path), durationSeconds: 2 });
      const uncachedRun = await runLoad(spec(noReadCacheUrl, path));
      const statements = statementsOf.get(path) ?? [];
      log(`api reads: its SQL alone (${statements.length} statement${statements.length === 1 ? '' : 's'}), ${options.connections} clients`);
      const queriesPerSecond = await sqlAlone(pool, statements, options.connections, Math.min(options.seconds, 5));
      endpoints.push({
        path,
        api,
        uncached: uncachedRun,
        sqlAlone: { queriesPerSecond },
        explain: await explain(pool, statements),
        ratios: {
          throughput: ratio(api.throughput, helloResult.throughput),
          p50: ratio(api.latency.p50, helloResult.latency.p50),
          p99: ratio(api.latency.p99, helloResult.latency.p99),
        },
      });
    }
    log('api reads: GET /api/me, verified-token cache on, then off');
    const cached = await runLoad(spec(apiUrl, '/api/me'));
    const uncached = await runLoad(spec(uncachedUrl, '/api/me'));
    const missedTargets: string[] = [];
    for (const e of endpoints) {
      const ok = e.api.statuses['200'] ?? 0;
      if (ok !== e.api.responses) missedTargets.push(`GET ${e.path}: ${e.api.responses - ok} of ${e.api.responses} responses were not 200 (${JSON.stringify(e.api.statuses)})`);
      if (e.api.throughput < API_READ_TARGETS.minRps) missedTargets.push(`GET ${e.path}: ${num(e.api.throughput, 0)} req/s, below ${API_READ_TARGETS.minRps}`);
      if (e.api.latency.p99 >= API_READ_TARGETS.maxP99Ms) missedTargets.push(`GET ${e.path}: p99 ${ms(e.api.latency.p99)} ms, not under ${API_READ_TARGETS.maxP99Ms} ms`);
    }
    return {
      seeded: { org: seeded.org, pods: seeded.pods, projects: seeded.projects, ms: seeded.ms, events: Math.round(100_000 * options.scale) },
      connections: options.connections,
      seconds: options.seconds,
      hello: helloResult,
      endpoints,
      auth: { cached, uncached },
      missedTargets,
    };
  } finally {
    await hello.close();
    await app.close();
    await uncachedApp.close();
    await noReadCacheApp.close();
    await pool.end();
    await connection.close().catch(() => undefined);
  }
}

/** The API read figures as a table. */
export function formatApiRead(r: ApiReadResult): string {
  const rows = [
    ['GET /hello (fastify hello-world)', num(r.hello.throughput, 0), ms(r.hello.latency.p50), ms(r.hello.latency.p99), '—', '—', '—'],
    ...r.endpoints.flatMap((e) => [
      [
        `GET ${e.path}`,
        num(e.api.throughput, 0),
        ms(e.api.latency.p50),
        ms(e.api.latency.p99),
        num(e.ratios.throughput, 3),
        times(e.ratios.p99),
        e.sqlAlone.queriesPerSecond > 0 ? num(e.sqlAlone.queriesPerSecond, 0) : '— (Temporal)',
      ],
      ['  … read cache off', num(e.uncached.throughput, 0), ms(e.uncached.latency.p50), ms(e.uncached.latency.p99), num(ratio(e.uncached.throughput, r.hello.throughput), 3), times(ratio(e.uncached.latency.p99, r.hello.latency.p99)), ''],
    ]),
    ...(
      [
        ['GET /api/me (token cache on)', r.auth.cached],
        ['GET /api/me (token cache off)', r.auth.uncached],
      ] as const
    ).map(([label, l]) => [label, num(l.throughput, 0), ms(l.latency.p50), ms(l.latency.p99), num(ratio(l.throughput, r.hello.throughput), 3), times(ratio(l.latency.p99, r.hello.latency.p99)), '—']),
  ];
  return [
    `API reads — ${r.connections} connections, ${r.seconds} s each, admin bearer token; org "${r.seeded.org}": ${r.seeded.pods} pods, ${r.seeded.projects} projects, ${num(r.seeded.events, 0)} events (seeded in ${num(r.seeded.ms / 1000, 1)} s)`,
    table(['endpoint', 'req/s', 'p50 (ms)', 'p99 (ms)', 'rps ÷ hello', 'p99 × hello', 'its SQL alone (q/s)'], rows),
    `targets: ≥ ${API_READ_TARGETS.minRps} req/s and p99 < ${API_READ_TARGETS.maxP99Ms} ms per endpoint (read cache on, as deployed)`,
    '',
    'What each endpoint asks of the database when its answer is not cached (EXPLAIN ANALYZE, BUFFERS):',
    ...r.endpoints.flatMap((e) => [
      `GET ${e.path}: ${e.explain.length === 0 ? 'no statement of its own (a query to the pod workflow)' : ''}`,
      ...e.explain.flatMap((x) => [`  ${x.sql.length > 160 ? `${x.sql.slice(0, 157)}...` : x.sql}`, ...x.plan.map((line) => `    ${line}`)]),
    ]),
  ].join('\n');
}
