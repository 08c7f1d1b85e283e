import { Client, Connection } from '@temporalio/client';
import { buildServer, createApiMetrics, selectPods } from '@clos/api';
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
  api: LoadResult;
  /** The endpoint's own SQL, run by as many concurrent clients straight on a pool: the database's ceiling. */
  sqlAlone: { queriesPerSecond: number };
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

const PATHS = ['/api/pods', '/api/events?limit=50'] as const;

/** The statement each endpoint runs for an admin (as the services write it), for the database-alone figure. */
const SQL_OF: Record<(typeof PATHS)[number], string> = {
  '/api/pods': selectPods('TRUE AND p.archived_at IS NULL', 'ORDER BY p.id LIMIT $1'),
  '/api/events?limit=50': `SELECT id, seq, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload,
      to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key
    FROM events WHERE TRUE ORDER BY occurred_at DESC, seq DESC LIMIT $1`,
};

async function sqlAlone(pool: Pool, sql: string, connections: number, seconds: number): Promise<number> {
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        await pool.query(sql, [51]);
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
export async function runApiReadBenchmark(postgresAdminUrl: string, options: ApiReadOptions, log: (line: string) => void): Promise<ApiReadResult> {
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
  // Reads never reach Temporal; a lazy connection to nowhere proves it.
  const connection = Connection.lazy({ address: '127.0.0.1:9' });
  const temporal = new Client({ connection });
  const config = new ConfigHolder(largeOrgConfig(options.scale));
  const metrics = createApiMetrics({ db: pool, temporal, config, defaultMetrics: false });
  const api = (tokenCacheMs?: number) =>
    buildServer({
      healthChecks: [],
      metrics,
      // The rate limit stays on, high enough not to refuse the benchmark's token.
      rest: { pool, temporal, config, metrics, rateLimit: { max: 10_000_000, timeWindowMs: 60_000 }, ...(tokenCacheMs !== undefined ? { tokenCacheMs } : {}) },
    });
  const app = await api();
  const uncachedApp = await api(0);
  const hello = await startHelloServer();
  try {
    const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const uncachedUrl = await uncachedApp.listen({ port: 0, host: '127.0.0.1' });
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

    for (const path of PATHS) {
      const probe = await fetch(`${apiUrl}${path}`, { headers });
      if (probe.status !== 200) throw new Error(`GET ${path} answered ${probe.status}: ${await probe.text()}`);
    }
    log(`api reads: hello-world flat out, ${options.connections} connections, ${options.seconds} s`);
    const helloResult = await runLoad(spec(hello.url, '/hello'));
    const endpoints: ApiReadEndpoint[] = [];
    for (const path of PATHS) {
      log(`api reads: GET ${path} flat out (after a 2 s warm-up)`);
      await runLoad({ ...spec(apiUrl, path), durationSeconds: 2 });
      const api = await runLoad(spec(apiUrl, path));
      log(`api reads: its SQL alone, ${options.connections} clients`);
      const queriesPerSecond = await sqlAlone(pool, SQL_OF[path], options.connections, Math.min(options.seconds, 5));
      endpoints.push({
        path,
        api,
        sqlAlone: { queriesPerSecond },
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
    await pool.end();
    await connection.close().catch(() => undefined);
  }
}

/** The API read figures as a table. */
export function formatApiRead(r: ApiReadResult): string {
  const rows = [
    ['GET /hello (fastify hello-world)', num(r.hello.throughput, 0), ms(r.hello.latency.p50), ms(r.hello.latency.p99), '—', '—', '—'],
    ...r.endpoints.map((e) => [
      `GET ${e.path}`,
      num(e.api.throughput, 0),
      ms(e.api.latency.p50),
      ms(e.api.latency.p99),
      num(e.ratios.throughput, 3),
      times(e.ratios.p99),
      num(e.sqlAlone.queriesPerSecond, 0),
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
    `targets: ≥ ${API_READ_TARGETS.minRps} req/s and p99 < ${API_READ_TARGETS.maxP99Ms} ms per endpoint`,
  ].join('\n');
}
