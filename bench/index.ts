import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runApiReadBenchmark } from './api-read.js';
import { formatCliBench, runCliLatencyBenchmark, writeCliResults } from './cli-latency.js';
import { formatSearchBench, runSearchBenchmark, writeSearchResults } from './search-read.js';
import { ConditionsMonitor } from './report/conditions.js';
import { currentLoad, describeMachine } from './report/machine.js';
import { formatReport } from './report/print.js';
import { writeResults, type BenchResults } from './report/results.js';
import { judge } from './report/verdict.js';
import { runIngestBenchmark } from './scenarios/ingest-ack.js';
import { waitForDrain } from './scenarios/drain.js';
import { runStatusLatencyBenchmark } from './scenarios/status-latency.js';
import { formatScale } from './scale/format-scale.js';
import { SCALE_ORG } from './scale/scale-org.js';
import { runScaleBenchmark } from './scale/scale-run.js';
import { runKneeBenchmark } from './scenarios/knee.js';
import { runSustainedBenchmark } from './scenarios/sustained-load.js';
import { GITHUB_CLIENT_TUNING, startClosStack, type ClosStack } from './stack/clos-stack.js';
import { benchClosYml, type BenchOrg } from './stack/clos-yml.js';
import { startLocalStack, type LocalStack } from './stack/local-stack.js';
import { Warnings } from './stack/warnings.js';

const USAGE = `usage: npm run bench [-- --quick] [-- --ingest | --knee | --api-read | --search | --cli] [-- --verbose]
  --quick    shorter runs (sustained load 10 s instead of 60 s, knee steps 10 s instead of 30 s); about 8 minutes in all
  --ingest   only the ingest ack benchmark (api vs hello-world, same bodies)
  --knee     only the knee: the sustained mix at 50 → 100 → 200 deliveries/s, the highest rate with no backlog growth
  --scale    1,000 pods, 10,000 open pull requests, 5,000 projects, services as separate processes: memory, workflows and
             history, the health scan in bounded parallel, the reconciler's GitHub calls; about 15 minutes
  --api-read only the API read benchmark (GET /api/pods, /api/events, a pod's WIP and /api/search on a seeded large org, read cache on and off, EXPLAIN of each); about 4 minutes
  --search   only the knowledge search benchmark (GET /api/search at 100,000 documents on a seeded large org)
  --cli      only the CLI latency benchmark (clos daily show, each run a new process, against a bare Node start)
  --verbose  echo every warning the services log`;

/** The load of each mode. */
const PLANS = {
  full: {
    ingest: { seconds: 10, rounds: 5, connections: [10, 64] },
    endToEnd: { count: 300, rate: 10 },
    sustained: { rate: 50, seconds: 60, sampleEvery: 3 },
    knee: { rates: [50, 100, 200], seconds: 30, sampleEvery: 2 },
    apiRead: { seconds: 10, connections: 10, scale: 1 },
    deadlineMinutes: 25,
  },
  quick: {
    ingest: { seconds: 5, rounds: 5, connections: [10, 64] },
    endToEnd: { count: 100, rate: 10 },
    sustained: { rate: 50, seconds: 10, sampleEvery: 1 },
    knee: { rates: [50, 100, 200], seconds: 10, sampleEvery: 1 },
    apiRead: { seconds: 5, connections: 10, scale: 1 },
    deadlineMinutes: 15,
  },
} as const;

const ORG: BenchOrg = { pods: 10, wipLimit: 3 };
const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const API_READ_RESULTS_FILE = fileURLToPath(new URL('./results/api-read.json', import.meta.url));
const SCALE_RESULTS_FILE = fileURLToPath(new URL('./results/scale.json', import.meta.url));
const SEARCH_RESULTS_FILE = fileURLToPath(new URL('./results/search.json', import.meta.url));
const CLI_RESULTS_FILE = fileURLToPath(new URL('./results/cli.json', import.meta.url));
const STOP_TIMEOUT_MS = 45_000;

/**
 * `npm run bench`: starts a real local stack of its own (Postgres, Temporal, dynalite on
 * free ports of 127.0.0.1), runs CLOS on it and measures webhook ingest against a bare
 * fastify baseline, webhook-to-status latency and a sustained load; prints the figures,
 * writes them to bench/results/latest.json and exits non-zero when the run failed.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      ingest: { type: 'boolean' },
      knee: { type: 'boolean' },
      scale: { type: 'boolean' },
      'api-read': { type: 'boolean' },
      search: { type: 'boolean' },
      cli: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
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

  if (values.scale === true) {
    const scale = await runScaleBenchmark(SCALE_ORG, (line) => log(`scale: ${line}`));
    mkdirSync(dirname(SCALE_RESULTS_FILE), { recursive: true });
    writeFileSync(SCALE_RESULTS_FILE, `${JSON.stringify({ startedAt, finishedAt: new Date().toISOString(), machine, ...scale }, null, 2)}\n`);
    console.log([`CLOS benchmark (scale) — ${startedAt}`, `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}`, '', formatScale(scale)].join('\n'));
    console.log(`\nfigures written to ${SCALE_RESULTS_FILE}`);
    return 0;
  }

  try {
    log('starting Postgres, Temporal and dynalite');
    local = await startLocalStack((line) => log(line));
    if (values.cli === true) {
      const cli = await runCliLatencyBenchmark(local.endpoints.postgresAdminUrl, local.endpoints.temporalAddress, values.quick ? 10 : 30, log);
      writeCliResults(CLI_RESULTS_FILE, { startedAt, finishedAt: new Date().toISOString(), machine, loadAverageAtEnd: currentLoad(), ...cli });
      console.log(formatCliBench(cli));
      console.log(`\nfigures written to ${CLI_RESULTS_FILE}`);
      return cli.missedTargets.length === 0 ? 0 : 1;
    }
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
    // --ingest and --knee run one part alone; otherwise every part runs.
    const all = values.ingest !== true && values.knee !== true;
    const ingest = all || values.ingest === true ? await runIngestBenchmark(clos, plan.ingest, log) : undefined;
    if (ingest) conditions.ingest = monitor.phase();
    let endToEnd;
    let sustained;
    if (all) {
      endToEnd = await runStatusLatencyBenchmark(clos, ORG, plan.endToEnd, log);
      conditions.endToEnd = monitor.phase();
      await waitForDrain(clos, 60_000);
      monitor.phase();
      sustained = await runSustainedBenchmark(clos, ORG, plan.sustained, log);
      conditions.sustained = monitor.phase();
      await waitForDrain(clos, 120_000);
      monitor.phase();
    }
    const knee = all || values.knee === true ? await runKneeBenchmark(clos, ORG, plan.knee, log) : undefined;
    if (knee) conditions.knee = monitor.phase();
    monitor.stop();
    // Last, so its seed (100,000 events, in a database of its own) weighs on no other figure.
    const apiRead = all ? await runApiReadBenchmark(local.endpoints, plan.apiRead, log) : undefined;
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
      ...(ingest ? { ingest } : {}),
      ...(endToEnd ? { endToEnd } : {}),
      ...(sustained ? { sustained } : {}),
      ...(knee ? { knee } : {}),
      ...(apiRead ? { apiRead } : {}),
      warnings: { count: warnings.count, byKind: warnings.byKind, first: warnings.first },
      ...verdict,
      missedTargets: [...verdict.missedTargets, ...(apiRead?.missedTargets ?? [])],
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
