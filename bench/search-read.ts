import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildServer, createApiMetrics } from '@clos/api';
import { insertToken } from '@clos/api/auth';
import { migrate } from '@clos/database';
import { ensureDatabase, withDatabase } from '@clos/devstack';
import { createPool } from '@clos/platform';
import { ConfigHolder } from '@clos/processor';
import { largeOrgConfig } from '../apps/cli/src/seed/large-org.js';
import { seedDatabase } from '../apps/cli/src/seed/seed.js';
import type { LoadResult } from './load/load-spec.js';
import { runLoad } from './load/run-load.js';
import { ms, num, table } from './report/format.js';

/** What knowledge search aims for at 100,000 documents. */
export const SEARCH_TARGETS = { documents: 100_000, maxP99Ms: 50 } as const;

/** How hard and how long each query is pushed. */
export interface SearchBenchOptions {
  seconds: number;
  connections: number;
  /** Size of the seeded organisation (1: 50 pods, 500 projects, 100,000 events). */
  scale: number;
  /** Documents in the index after the top-up (the seed's records plus synthetic decisions and notes). */
  documents: number;
}

/** Figures of the search benchmark. */
export interface SearchBenchResult {
  documents: number;
  seededFromRecords: number;
  connections: number;
  seconds: number;
  /**
   * One row per query shape, as a pod viewer (narrowed to their pod) and as an admin:
   * `single` one caller at a time (a search's own latency, what the target is about),
   * `loaded` `connections` callers flat out (throughput, latency with queueing).
   */
  queries: { label: string; path: string; hits: number; single: LoadResult; loaded: LoadResult }[];
  missedTargets: string[];
}

/** A decision whose rationale holds a rare word, as "why did we pick X?" looks for. */
const NEEDLE = 'flywheel';

/** Words of the synthetic documents: a few common ones and a long tail, as real notes have. */
const VOCABULARY = [
  'latency', 'refund', 'checkout', 'migration', 'postgres', 'rollout', 'vendor', 'budget', 'hiring', 'incident',
  'review', 'deadline', 'scope', 'risk', 'customer', 'invoice', 'onboarding', 'pricing', 'retry', 'queue',
  'cache', 'feature', 'flag', 'contract', 'audit', 'compliance', 'mobile', 'search', 'billing', 'payments',
];

/**
 * The large organisation seeded, its records indexed by the triggers, the index topped
 * up to `documents` with synthetic decisions and blockers (random words of a vocabulary,
 * a rare word in one rationale in a thousand; each common word is in about a fifth of them), then GET /api/search loaded with
 * autocannon: a rare word (the decision lookup), a common word, and a two-word query,
 * as a one-pod viewer and as an admin who sees everything.
 */
export async function runSearchBenchmark(postgresAdminUrl: string, options: SearchBenchOptions, log: (line: string) => void): Promise<SearchBenchResult> {
  const database = `clos_search_${process.pid}`;
  await ensureDatabase(postgresAdminUrl, database);
  const databaseUrl = withDatabase(postgresAdminUrl, database);
  await migrate({ databaseUrl });
  const seedPool = createPool({ connectionString: databaseUrl, max: 2, applicationName: 'clos-bench-seed' });
  let seededFromRecords: number;
  let documents: number;
  let pods: string[];
  try {
    log(`search: seeding the large organisation (scale ${options.scale})`);
    await seedDatabase(seedPool, { kind: 'large', scale: options.scale }, { log: (line) => log(`search: seed ${line}`) });
    seededFromRecords = Number((await seedPool.query<{ n: string }>('SELECT count(*) AS n FROM search_documents')).rows[0]!.n);
    pods = (await seedPool.query<{ id: string }>('SELECT id FROM pods ORDER BY id')).rows.map((r) => r.id);
    const topUp = Math.max(0, options.documents - seededFromRecords);
    log(`search: ${seededFromRecords} documents from the seeded records; adding ${topUp} decisions and notes`);
    await seedPool.query(
      `INSERT INTO search_documents (kind, source_id, pod_id, title, body, url, occurred_at)
       SELECT CASE WHEN i % 3 = 0 THEN 'blocker' ELSE 'decision' END, 'bench-' || i, p[1 + floor(random() * cardinality(p))::int],
              'Decide ' || w[1 + floor(random() * 30)::int] || ' ' || w[1 + floor(random() * 30)::int],
              'Rationale: ' || w[1 + floor(random() * 30)::int] || ' over ' || w[1 + floor(random() * 30)::int] || ' because '
                || w[1 + floor(random() * 30)::int] || ' ' || w[1 + floor(random() * 30)::int]
                || CASE WHEN i % 1000 = 0 THEN ' ${NEEDLE}' ELSE '' END,
              NULL, now() - make_interval(secs => floor(random() * 90 * 86400)::int)
       FROM generate_series(1, $1::int) AS i, (SELECT $2::text[] AS p, $3::text[] AS w) v`,
      [topUp, pods, VOCABULARY],
    );
    documents = Number((await seedPool.query<{ n: string }>('SELECT count(*) AS n FROM search_documents')).rows[0]!.n);
    await seedPool.query('VACUUM (ANALYZE) search_documents, api_tokens');
    await seedPool.query('CHECKPOINT');
  } finally {
    await seedPool.end();
  }

  const pool = createPool({ connectionString: databaseUrl, max: 10, applicationName: 'clos-bench-api' });
  const connection = Connection.lazy({ address: '127.0.0.1:9' });
  const temporal = new Client({ connection });
  const config = new ConfigHolder(largeOrgConfig(options.scale));
  const metrics = createApiMetrics({ db: pool, temporal, config, defaultMetrics: false });
  const app = await buildServer({ healthChecks: [], metrics, rest: { pool, temporal, config, metrics, rateLimit: { max: 10_000_000, timeWindowMs: 60_000 } } });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await insertToken(pool, { name: 'bench admin', roles: { '*': 'admin' }, expiresAt: null, createdBy: 'bench' });
    const viewer = await insertToken(pool, { name: 'bench viewer', roles: { [pods[0]!]: 'viewer' }, expiresAt: null, createdBy: 'bench' });
    const shapes = [
      { label: `admin, rare word (${NEEDLE})`, token: admin.token, path: `/api/search?q=${NEEDLE}&limit=20` },
      { label: 'admin, common word (refund)', token: admin.token, path: '/api/search?q=refund&limit=20' },
      { label: 'admin, two words (checkout latency)', token: admin.token, path: '/api/search?q=checkout%20latency&limit=20' },
      { label: 'pod viewer, common word (refund)', token: viewer.token, path: '/api/search?q=refund&limit=20' },
    ];
    const queries: SearchBenchResult['queries'] = [];
    for (const shape of shapes) {
      const headers = { authorization: `Bearer ${shape.token}` };
      const probe = await fetch(`${url}${shape.path}`, { headers });
      if (probe.status !== 200) throw new Error(`GET ${shape.path} answered ${probe.status}: ${await probe.text()}`);
      const hits = ((await probe.json()) as { items: unknown[] }).items.length;
      log(`search: ${shape.label}, 1 then ${options.connections} connections, ${options.seconds} s each (after a 2 s warm-up)`);
      const spec = { url, method: 'GET' as const, path: shape.path, headers, connections: options.connections, durationSeconds: 2 };
      await runLoad(spec);
      const single = await runLoad({ ...spec, connections: 1, durationSeconds: options.seconds });
      const loaded = await runLoad({ ...spec, durationSeconds: options.seconds });
      queries.push({ label: shape.label, path: shape.path, hits, single, loaded });
    }
    const missedTargets: string[] = [];
    if (documents < SEARCH_TARGETS.documents) missedTargets.push(`search: ${documents} documents, fewer than ${SEARCH_TARGETS.documents}`);
    for (const q of queries) {
      for (const run of [q.single, q.loaded]) {
        const ok = run.statuses['200'] ?? 0;
        if (ok !== run.responses) missedTargets.push(`search ${q.label}: ${run.responses - ok} of ${run.responses} responses were not 200`);
      }
      if (q.single.latency.p99 >= SEARCH_TARGETS.maxP99Ms) missedTargets.push(`search ${q.label}: p99 ${ms(q.single.latency.p99)} ms, not under ${SEARCH_TARGETS.maxP99Ms} ms`);
    }
    return { documents, seededFromRecords, connections: options.connections, seconds: options.seconds, queries, missedTargets };
  } finally {
    await app.close();
    await pool.end();
    await connection.close().catch(() => undefined);
  }
}

/** The search figures as a table. */
export function formatSearchBench(r: SearchBenchResult): string {
  return [
    `Knowledge search — ${num(r.documents, 0)} documents (${num(r.seededFromRecords, 0)} from the seeded records), ${r.seconds} s per run`,
    table(
      ['query', 'hits (page)', 'p50 (ms), 1 caller', 'p99 (ms), 1 caller', `req/s, ${r.connections} callers`, `p99 (ms), ${r.connections} callers`],
      r.queries.map((q) => [
        q.label,
        String(q.hits),
        ms(q.single.latency.p50),
        ms(q.single.latency.p99),
        num(q.loaded.throughput, 0),
        ms(q.loaded.latency.p99),
      ]),
    ),
    `target: p99 < ${SEARCH_TARGETS.maxP99Ms} ms for one caller at ${num(SEARCH_TARGETS.documents, 0)} documents`,
    ...(r.missedTargets.length > 0 ? ['missed:', ...r.missedTargets.map((m) => `  ${m}`)] : []),
  ].join('\n');
}

/** Writes the figures as indented JSON. */
export function writeSearchResults(path: string, results: SearchBenchResult & { startedAt: string; finishedAt: string }): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
