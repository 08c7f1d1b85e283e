import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runApiReadBenchmark } from './api-read.js';
import { formatSearchBench, runSearchBenchmark, writeSearchResults } from './search-read.js';
import { ConditionsMonitor } from './report/conditions.js';
import { currentLoad, describeMachine } from './report/machine.js';
import { formatReport } from './report/print.js';
import { writeResults, type BenchResults } from './report/results.js';
import { judge } from './report/verdict.js';
import { runIngestBenchmark } from './scenarios/ingest-ack.js';
import { waitForDrain } from './scenarios/drain.js';
import { runStatusLatencyBenchmark } from './scenarios/status-latency.js';
import { runSustainedBenchmark } from './scenarios/sustained-load.js';
import { GITHUB_CLIENT_TUNING, startClosStack, type ClosStack } from './stack/clos-stack.js';
import { benchClosYml, type BenchOrg } from './stack/clos-yml.js';
import { startLocalStack, type LocalStack } from './stack/local-stack.js';
import { Warnings } from './stack/warnings.js';

const USAGE = `usage: npm run bench [-- --quick] [-- --api-read] [-- --verbose]
  --quick    shorter runs (sustained load 10 s instead of 60 s); about 2 minutes in all
  --api-read only the API read benchmark (GET /api/pods, /api/events, a pod's WIP and /api/search on a seeded large org, read cache on and off, EXPLAIN of each); about 4 minutes
  --search   only the knowledge search benchmark (GET /api/search at 100,000 documents on a seeded large org)
  --verbose  echo every warning the services log`;

/** The load of each mode. */
const PLANS = {
  full: {
    ingest: { seconds: 10, connections: 10 },
    endToEnd: { count: 300, rate: 10 },
    sustained: { rate: 50, seconds: 60, sampleEvery: 3 },
    apiRead: { seconds: 10, connections: 10, scale: 1 },
    deadlineMinutes: 17,
  },
  quick: {
    ingest: { seconds: 5, connections: 10 },
    endToEnd: { count: 100, rate: 10 },
    sustained: { rate: 50, seconds: 10, sampleEvery: 1 },
    apiRead: { seconds: 5, connections: 10, scale: 1 },
    deadlineMinutes: 10,
  },
} as const;

const ORG: BenchOrg = { pods: 10, wipLimit: 3 };
const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const API_READ_RESULTS_FILE = fileURLToPath(new URL('./results/api-read.json', import.meta.url));
const SEARCH_RESULTS_FILE = fileURLToPath(new URL('./results/search.json', import.meta.url));
const STOP_TIMEOUT_MS = 45_000;

/**
 * `npm run bench`: starts a real local stack of its own (Postgres, Temporal, dynalite on
 * free ports of 127.0.0.1), runs CLOS on it and measures webhook ingest against a bare
 * fastify baseline, webhook-to-status latency and a sustained load; prints the figures,
 * writes them to bench/results/latest.json and exits non-zero when the run failed.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, 'api-read': { type: 'boolean' }, search: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const mode = values.quick ? 'quick' : 'full';
  const plan = PLANS[mode];
  const log = (line: string): void => console.error(`bench: ${line}`);
  const warnings = new Warnings(values.verbose === true);
  const startedAt = new Date().toISOString();
  const machine = describeMachine();

  let local: LocalStack | undefined;
  let clos: ClosStack | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      await withTimeout(clos?.close() ?? Promise.resolve(), STOP_TIMEOUT_MS);
      await withTimeout(local?.stop() ?? Promise.resolve(), STOP_TIMEOUT_MS);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stopAll().finally(() => process.exit(130));
    });
  }

  try {
    log('starting Postgres, Temporal and dynalite');
    local = await startLocalStack((line) => log(line));
    if (values.search === true) {
      const search = await runSearchBenchmark(local.endpoints.postgresAdminUrl, { seconds: values.quick ? 5 : 10, connections: 10, scale: 1, documents: 100_000 }, log);
      writeSearchResults(SEARCH_RESULTS_FILE, { startedAt, finishedAt: new Date().toISOString(), ...search });
      console.log(formatSearchBench(search));
      console.log(`\nfigures written to ${SEARCH_RESULTS_FILE}`);
      return 0;
    }
    if (values['api-read'] === true) {
      const apiRead = await runApiReadBenchmark(local.endpoints, PLANS.full.apiRead, log);
      const results: BenchResults = {
        startedAt,
        finishedAt: new Date().toISOString(),
        mode: 'api-read',
        machine,
        loadAverageAtEnd: currentLoad(),
        githubClient: { ...GITHUB_CLIENT_TUNING },
        org: { pods: apiRead.seeded.pods, wipLimit: 0 },
        conditions: {},
        apiRead,
        warnings: { count: warnings.count, byKind: warnings.byKind, first: warnings.first },
        failures: [],
        missedTargets: apiRead.missedTargets,
      };
      writeResults(API_READ_RESULTS_FILE, results);
      console.log(formatReport(results));
      console.log(`\nfigures written to ${API_READ_RESULTS_FILE}`);
      return 0;
    }
    log('starting CLOS (api, processor, worker)');
    clos = await startClosStack(local, benchClosYml(ORG), warnings);
    const deadline = setTimeout(() => {
      log(`the run exceeded ${plan.deadlineMinutes} minutes: stopping`);
      void stopAll().finally(() => process.exit(1));
    }, plan.deadlineMinutes * 60_000);

    const github = clos.github;
    const monitor = new ConditionsMonitor(() => github.requests);
    const conditions: BenchResults['conditions'] = {};
    const ingest = await runIngestBenchmark(clos, plan.ingest, log);
    conditions.ingest = monitor.phase();
    const endToEnd = await runStatusLatencyBenchmark(clos, ORG, plan.endToEnd, log);
    conditions.endToEnd = monitor.phase();
    await waitForDrain(clos, 60_000);
    monitor.phase();
    const sustained = await runSustainedBenchmark(clos, ORG, plan.sustained, log);
    conditions.sustained = monitor.phase();
    monitor.stop();
    // Last, so its seed (100,000 events, in a database of its own) weighs on no other figure.
    const apiRead = await runApiReadBenchmark(local.endpoints, plan.apiRead, log);
    clearTimeout(deadline);

    const verdict = judge({ ingest, endToEnd, sustained });
    const results: BenchResults = {
      startedAt,
      finishedAt: new Date().toISOString(),
      mode,
      machine,
      loadAverageAtEnd: currentLoad(),
      githubClient: { ...GITHUB_CLIENT_TUNING },
      org: ORG,
      conditions,
      ingest,
      endToEnd,
      sustained,
      apiRead,
      warnings: { count: warnings.count, byKind: warnings.byKind, first: warnings.first },
      ...verdict,
      missedTargets: [...verdict.missedTargets, ...apiRead.missedTargets],
    };
    writeResults(RESULTS_FILE, results);
    console.log(formatReport(results));
    console.log(`\nfigures written to ${RESULTS_FILE}`);
    return verdict.failures.length === 0 ? 0 : 1;
  } finally {
    log('stopping');
    await stopAll();
  }
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
