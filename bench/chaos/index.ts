import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countDuplicateWrites, statusWrites } from '@clos/github/testing';
import pg from 'pg';
import { sha } from '../../services/api/test/support/github-payloads.js';
import { sendSteadily } from '../load/steady-sender.js';
import { describeMachine } from '../report/machine.js';
import { startChaosCluster, waitFor, type ChaosCluster, type ServiceName } from './chaos-cluster.js';
import { checkEndState, checkEventLog, checkWipInvariant, WIP_CONTEXT } from './chaos-checks.js';
import { ChaosTraffic, deliver, type ChaosDelivery } from './chaos-traffic.js';

const USAGE = `usage: npm run chaos [-- --quick] [-- --verbose]
  --quick    30 s of load instead of 2 minutes
  --verbose  echo the services' own output`;

const RESULTS_FILE = fileURLToPath(new URL('../results/chaos.json', import.meta.url));
const RATE = 50;
const PODS = 8;
const WIP_LIMIT = 3;
const PROBE_POD = 'probe';
const PROBE_REPO = 'chaos-org/probe';
/** The target for getting back to work after a kill. */
const RECOVERY_TARGET_MS = 60_000;
/** Share of status writes the GitHub stand-in fails (5xx or a secondary rate limit). */
const FAULT_EVERY = 20;

type Target = ServiceName | 'postgres';

/** Milliseconds from a kill until a fresh delivery was acknowledged, applied by its pod's workflow, and shown on GitHub. */
interface Recovery {
  recoveryMs: number | null;
  ackMs: number | null;
  statusMs: number | null;
}
const KILLS: readonly { target: Target; at: number }[] = [
  { target: 'api', at: 0.15 },
  { target: 'processor-1', at: 0.35 },
  { target: 'worker', at: 0.55 },
  { target: 'postgres', at: 0.75 },
];

function closYml(): string {
  const pods = Array.from({ length: PODS }, (_, i) => [`  - id: pod-${i}`, `    name: Pod ${i}`, `    wipLimit: ${WIP_LIMIT}`, `    mode: enforce`, `    repos: [chaos-org/repo-${i}]`]);
  const probe = [`  - id: ${PROBE_POD}`, `    name: Probe`, `    wipLimit: 1000`, `    mode: enforce`, `    repos: [${PROBE_REPO}]`];
  return ['org: chaos', 'timezone: UTC', 'pods:', ...pods.flat(), ...probe, ''].join('\n');
}

/**
 * `npm run chaos`: runs CLOS as separate processes (api, two processors, worker) on a durable
 * Postgres, sends signed pull-request deliveries at 50/s, kills -9 in turn the api, a
 * processor, the worker and Postgres (each restarted as a supervisor would) while the GitHub
 * stand-in fails 5 % of status writes, lets it settle, then checks that nothing acknowledged
 * was lost, no status was written twice, every open pull request ends with the right status,
 * and no pod ever had more holders than its limit. Writes bench/results/chaos.json; exits
 * non-zero on any loss or violation.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const seconds = values.quick ? 30 : 120;
  const log = (line: string): void => console.error(`chaos: ${line}`);
  const dir = mkdtempSync(join(tmpdir(), 'clos-chaos-'));
  // Postgres runs as its own OS user when we are root: it must be able to reach the folder.
  chmodSync(dir, 0o755);
  const startedAt = new Date();
  log(`${seconds} s at ${RATE} deliveries/s; data in ${dir}`);

  let cluster: ChaosCluster | undefined;
  let pool: pg.Pool | undefined;
  try {
    cluster = await startChaosCluster({
      dir,
      closYml: closYml(),
      log,
      onServiceLine: (service, line) => {
        if (values.verbose) console.error(`[${service}] ${line}`);
      },
    });
    pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 2 });
    // Postgres is killed on purpose: an idle client's error must not end the run.
    pool.on('error', () => undefined);
    const c = cluster;
    const probePool = pool;

    const faults = injectFaults(c);
    const traffic = new ChaosTraffic(
      Array.from({ length: PODS }, (_, i) => ({ id: `pod-${i}`, repo: `chaos-org/repo-${i}` })),
      WIP_LIMIT + 2,
    );
    const probes: ChaosDelivery[] = [];
    const crashes: number[] = [];
    const recoveries: ({ target: Target; killedAt: string } & Recovery)[] = [];

    // In turn: each kill waits for the system to be back from the one before, so a recovery
    // time is that kill's alone, not the sum of overlapping outages.
    const loadStartedAt = Date.now();
    const killing = (async () => {
      for (const { target, at } of KILLS) {
        await sleep(Math.max(0, loadStartedAt + at * seconds * 1000 - Date.now()));
        const killedAt = Date.now();
        log(`kill -9 ${target}`);
        if (target === 'postgres') await c.killPostgres();
        else await c.killService(target);
        if (target === 'worker' || target === 'postgres') crashes.push(killedAt);
        const recovery = await probeRecovery(c, probePool, probes, killedAt);
        const secs = (ms: number | null): string => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
        log(`${target}: back to work after ${secs(recovery.recoveryMs)} (acknowledged after ${secs(recovery.ackMs)}, status written after ${secs(recovery.statusMs)})`);
        recoveries.push({ target, killedAt: new Date(killedAt).toISOString(), ...recovery });
      }
    })();
    const run = await sendSteadily({
      rate: RATE,
      count: RATE * seconds,
      maxInFlight: 5_000,
      send: async (index) => {
        const { delivery, fixture } = traffic.next(index);
        await deliver(c.apiUrl, delivery, fixture);
        return delivery.ackedAt !== undefined ? 202 : 0;
      },
    });
    await killing;
    faults.stop();
    log(`sent ${traffic.deliveries.length} at ${run.achievedRate.toFixed(1)}/s; settling`);

    const settleMs = await settle(c, pool, traffic, probes);
    const writes = statusWrites(c.github.requests);
    const limitOf = (pod: string): number => (pod === PROBE_POD ? 1000 : WIP_LIMIT);
    const eventLog = await checkEventLog(pool, [...traffic.deliveries, ...probes]);
    const duplicates = countDuplicateWrites(writes, crashes);
    const endState = checkEndState(traffic.openPullRequests(), writes, limitOf);
    const probeEnd = probes.filter((p) => p.ackedAt !== undefined && writes.findLast((w) => w.sha === p.headSha && w.context === WIP_CONTEXT)?.state !== 'success').length;
    const invariant = checkWipInvariant(writes, traffic.pullRequests, limitOf);
    const unacknowledged = [...traffic.deliveries, ...probes].filter((d) => d.ackedAt === undefined).length;

    const results = {
      startedAt: startedAt.toISOString(),
      machine: describeMachine(),
      plan: { seconds, rate: RATE, pods: PODS, wipLimit: WIP_LIMIT, kills: KILLS.map((k) => k.target), githubFaultShare: 1 / FAULT_EVERY },
      deliveries: {
        sent: traffic.deliveries.length + probes.length,
        acknowledged: eventLog.acknowledged,
        unacknowledged,
        redelivered: [...traffic.deliveries, ...probes].filter((d) => d.attempts > 1).length,
        achievedRate: round(run.achievedRate),
      },
      eventsLogged: eventLog.logged,
      eventsByStatus: eventLog.eventsByStatus,
      lost: eventLog.lost,
      lostExamples: eventLog.lostExamples,
      githubWrites: { statuses: writes.length, faultsInjected: faults.injected() },
      duplicateWrites: duplicates,
      openAtEnd: { pullRequests: endState.open, withoutCorrectStatus: endState.wrong + probeEnd, examples: endState.examples },
      recoveries,
      recoveryTargetMs: RECOVERY_TARGET_MS,
      wipInvariant: invariant,
      restarts: c.restarts(),
      settleMs,
    };
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
    const failures = [
      ...(results.lost > 0 ? [`${results.lost} acknowledged deliveries lost`] : []),
      ...(unacknowledged > 0 ? [`${unacknowledged} deliveries never acknowledged`] : []),
      ...(duplicates.unexplained > 0 ? [`${duplicates.unexplained} duplicate status writes`] : []),
      ...(results.openAtEnd.withoutCorrectStatus > 0 ? [`${results.openAtEnd.withoutCorrectStatus} open pull requests without the right status`] : []),
      ...(invariant.violations > 0 ? [`WIP limit exceeded ${invariant.violations} times`] : []),
      ...recoveries.filter((r) => r.recoveryMs === null || r.recoveryMs > RECOVERY_TARGET_MS).map((r) => `${r.target} took over ${RECOVERY_TARGET_MS / 1000} s to recover`),
    ];
    printSummary(results, failures);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await pool?.end().catch(() => undefined);
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fails one status write in {@link FAULT_EVERY}: alternately a 502 and a secondary rate limit. */
function injectFaults(cluster: ChaosCluster): { stop(): void; injected(): number } {
  let seen = 0;
  let injected = 0;
  const timer = setInterval(() => {
    const writes = cluster.github.requests.filter((r) => r.method === 'POST' && r.path.includes('/statuses/')).length;
    while (writes - seen >= FAULT_EVERY) {
      seen += FAULT_EVERY;
      cluster.github.failNext(injected % 2 === 0 ? { kind: 'server', method: 'POST', path: /\/statuses\// } : { kind: 'secondary', method: 'POST', path: /\/statuses\//, retryAfterSeconds: 1 });
      injected++;
    }
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      cluster.github.clearFaults();
    },
    injected: () => injected,
  };
}

/**
 * Time from a kill until a pull request opened after it gets its `clos/wip` status: the whole
 * path (ingest, bus, processor, workflow, worker, GitHub) working again.
 */
async function probeRecovery(cluster: ChaosCluster, pool: pg.Pool, probes: ChaosDelivery[], killedAt: number): Promise<Recovery> {
  const number = 100_000 + probes.length;
  const headSha = sha(`chaos-probe-${number}`);
  const delivery: ChaosDelivery = { deliveryId: crypto.randomUUID(), repo: PROBE_REPO, number, action: 'opened', headSha, firstSentAt: Date.now(), attempts: 0 };
  probes.push(delivery);
  const fixture = { repo: PROBE_REPO, number, headSha, action: 'opened' as const, author: 'prober', updatedAt: new Date().toISOString() };
  const status = cluster.github
    .waitForStatus({ repo: PROBE_REPO, sha: headSha, context: WIP_CONTEXT, timeoutMs: 180_000 })
    .then(() => Date.now() - killedAt)
    .catch(() => null);
  await deliver(cluster.apiUrl, delivery, fixture);
  const ackMs = delivery.ackedAt === undefined ? null : delivery.ackedAt - killedAt;
  // Back to work: the pod's workflow has granted the probe its slot (its own record in the
  // event log). The GitHub status follows at GitHub's pace for writes, reported beside it.
  const workItemId = `gh:${PROBE_REPO}#${number}`;
  const granted = await waitFor(
    async () => {
      try {
        const { rows } = await pool.query(`SELECT 1 FROM events WHERE type = 'wip.granted' AND subject->>'workItemId' = $1 LIMIT 1`, [workItemId]);
        return rows.length > 0;
      } catch {
        return false; // Postgres is down or restarting.
      }
    },
    180_000,
    `${workItemId} to be granted`,
  )
    .then(() => Date.now() - killedAt)
    .catch(() => null);
  return { recoveryMs: granted, ackMs, statusMs: await status };
}

/** Waits until the outbox is drained and every open pull request has its final status (at most 3 minutes). */
async function settle(cluster: ChaosCluster, pool: pg.Pool, traffic: ChaosTraffic, probes: readonly ChaosDelivery[]): Promise<number> {
  const since = Date.now();
  await waitFor(
    async () => {
      try {
        const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE status IN ('pending', 'processing')`);
        return Number(rows[0]?.n) === 0;
      } catch {
        return false;
      }
    },
    180_000,
    'the event backlog to drain',
  ).catch(() => undefined);
  await waitFor(
    () => {
      const writes = statusWrites(cluster.github.requests);
      const limitOf = (pod: string): number => (pod === PROBE_POD ? 1000 : WIP_LIMIT);
      return checkEndState(traffic.openPullRequests(), writes, limitOf).wrong === 0 && probes.every((p) => writes.some((w) => w.sha === p.headSha));
    },
    60_000,
    'open pull requests to get their final status',
  ).catch(() => undefined);
  return Date.now() - since;
}

function printSummary(results: Record<string, unknown> & { lost: number }, failures: string[]): void {
  console.log(JSON.stringify(results, null, 2));
  console.log(failures.length === 0 ? 'chaos: PASS — nothing lost, nothing doubled, the limit held' : `chaos: FAIL — ${failures.join('; ')}`);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
