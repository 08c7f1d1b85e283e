import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { getWipState, podWipWorkflowId, projectStageWorkflowId, recordPodHealthSnapshots } from '@clos/workflows';
import pg from 'pg';
import { sha } from '../../services/api/test/support/github-payloads.js';
import { deliver, type ChaosDelivery } from '../chaos/chaos-traffic.js';
import { startChaosCluster, waitFor, type ChaosCluster, type ServiceName } from '../chaos/chaos-cluster.js';
import { currentLoad } from '../report/machine.js';
import { scaleClosYml, scalePod, scaleProject, type ScaleOrg } from './scale-org.js';
import { planReconcilerCalls, type ReconcilerPlan } from './reconciler-plan.js';
import { groupRssMb } from './service-memory.js';

const SERVICES: readonly ServiceName[] = ['api', 'processor-1', 'processor-2', 'worker'];

/** Deliveries in flight at once while the pull requests are opened. */
const SEND_CONCURRENCY = 32;

/** Temporal's defaults: continue-as-new is suggested past these; the hard limits fail the run. */
export const TEMPORAL_HISTORY_LIMITS = { suggestEvents: 4 * 1024, suggestBytes: 4 * 1024 * 1024, maxEvents: 51_200, maxBytes: 50 * 1024 * 1024 } as const;

/** Workflows whose history is read, per kind. */
const HISTORY_SAMPLE = 10;

/** One workflow's history, as sampled. */
interface HistorySample {
  events: number;
  bytes: number;
  /** Events a Temporal Cloud bill counts as actions (starts, signals, updates, activities, timers). */
  actions: number;
}

/** Figures of the scale run. */
export interface ScaleResult {
  org: ScaleOrg;
  loadAverage: { start: number; end: number };
  /** Resident memory per service (MB): booted on the organisation, then with every pull request open. */
  memoryMb: { service: ServiceName; booted: number | null; loaded: number | null }[];
  opening: { deliveries: number; acknowledged: number; seconds: number; perSecond: number };
  /** From the first delivery until the processor had every pull request granted or queued by its pod's workflow. */
  appliedSeconds: number | null;
  /** `wip.granted` / `wip.queued` rows the workers' record activities had written by then. */
  recordedAtApplied: number;
  workflows: { podWip: number | null; projectStage: number | null };
  history: {
    podWip: HistorySample;
    projectStage: HistorySample;
    /** Pull-request openings a pod workflow takes before Temporal suggests continuing as new. */
    podOpeningsPerRun: number;
  };
  /** The hourly pod health scan over every pod: one at a time, and bounded in parallel. */
  healthScan: { concurrency: number; seconds: number }[];
  /** The event log and the whole database at the end (indexes included). */
  storage: { events: number; eventBytes: number; databaseBytes: number };
  reconciler: ReconcilerPlan;
  /** Services that exited during the run, with the last lines each wrote before. */
  crashes: { service: string; note: string; lastLines: string[] }[];
  /** GitHub calls the workers made while the run lasted: writes are paced at one a second per installation. */
  github: { reads: number; statusWrites: number; seconds: number };
}

/**
 * `npm run bench -- --scale`: CLOS as separate OS processes (api, two processors, worker) on a
 * simulated organisation of 1,000 pods and 5,000 projects; opens 10,000 pull requests through
 * signed webhooks, then measures what grows with size: each service's memory, the workflows
 * and their history per pull request (and so continue-as-new), the hourly health scan one pod
 * at a time and in bounded parallel, and the reconciler's GitHub calls against GitHub's limits.
 */
export async function runScaleBenchmark(org: ScaleOrg, log: (line: string) => void): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'clos-scale-'));
  // Postgres runs as its own OS user when we are root: it must be able to reach the folder.
  chmodSync(dir, 0o755);
  const loadAtStart = currentLoad();
  const lastLines = new Map<string, string[]>();
  const crashes: ScaleResult['crashes'] = [];
  let cluster: ChaosCluster | undefined;
  let pool: pg.Pool | undefined;
  let connection: Connection | undefined;
  try {
    log(`starting CLOS on ${org.pods} pods and ${org.pods * org.projectsPerPod} projects (data in ${dir})`);
    cluster = await startChaosCluster({
      dir,
      closYml: scaleClosYml(org),
      log: (line) => {
        log(line);
        // The supervisor's note of a crash: keep what the service said just before it.
        const crashed = /^([\w-]+): (exited|killed)/.exec(line);
        if (crashed !== null) crashes.push({ service: crashed[1]!, note: line, lastLines: [...(lastLines.get(crashed[1]!) ?? [])] });
      },
      onServiceLine: (service, line) => {
        const lines = lastLines.get(service) ?? [];
        lines.push(line.slice(0, 500));
        if (lines.length > 15) lines.shift();
        lastLines.set(service, lines);
      },
    });
    const c = cluster;
    pool = new pg.Pool({ connectionString: c.databaseUrl, max: 10 });
    const db = pool;
    connection = await Connection.connect({ address: c.temporalAddress });
    const client = new Client({ connection });
    // The worker scans every pod when it starts; let the services settle before the first figures.
    await sleep(15_000);
    const booted = Object.fromEntries(SERVICES.map((s) => [s, groupRssMb(c.servicePid(s))]));

    // GitHub lists these as open (the reconciler compares with them).
    const deliveries: { delivery: ChaosDelivery; labels: string[] }[] = [];
    for (let i = 0; i < org.pods; i++) {
      const { repo } = scalePod(i);
      for (let n = 1; n <= org.pullRequestsPerPod; n++) {
        const headSha = sha(`scale-${i}-${n}`);
        const labels = [`project:${scaleProject(i, n % org.projectsPerPod)}`];
        c.github.addPullRequest(repo, { number: n, headSha, title: `Change ${i}.${n}`, labels });
        deliveries.push({ delivery: { deliveryId: crypto.randomUUID(), repo, number: n, action: 'opened', headSha, firstSentAt: 0, attempts: 0 }, labels });
      }
    }
    const githubBefore = c.github.requests.length;
    const runStart = performance.now();

    log(`opening ${deliveries.length} pull requests, ${SEND_CONCURRENCY} deliveries at a time`);
    let next = 0;
    await Promise.all(
      Array.from({ length: SEND_CONCURRENCY }, async () => {
        while (next < deliveries.length) {
          const { delivery, labels } = deliveries[next++]!;
          delivery.firstSentAt = Date.now();
          await deliver(c.apiUrl, delivery, {
            repo: delivery.repo,
            number: delivery.number,
            headSha: delivery.headSha,
            action: 'opened',
            labels,
            author: `dev-${delivery.number}`,
            updatedAt: new Date(delivery.firstSentAt).toISOString(),
          });
        }
      }),
    );
    const sentSeconds = (performance.now() - runStart) / 1000;
    const acknowledged = deliveries.filter((d) => d.delivery.ackedAt !== undefined).length;
    log(`opened: ${acknowledged} acknowledged in ${sentSeconds.toFixed(1)} s; waiting for the pod workflows to grant or queue each`);

    let appliedSeconds: number | null = null;
    let recordedAtApplied = 0;
    const target = org.pods * org.pullRequestsPerPod;
    try {
      await waitFor(
        async () => {
          // Handled: the processor had the pod's workflow grant or queue it (the update's answer).
          const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'pr.opened' AND status = 'done'`);
          return (rows[0]?.n ?? 0) >= target;
        },
        15 * 60_000,
        'every pull request granted or queued',
      );
      appliedSeconds = (performance.now() - runStart) / 1000;
      log(`applied in ${appliedSeconds.toFixed(1)} s`);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type IN ('wip.granted', 'wip.queued')`);
      recordedAtApplied = rows[0]?.n ?? 0;
    } catch (error) {
      log(String(error));
    }
    const loaded = Object.fromEntries(SERVICES.map((s) => [s, groupRssMb(c.servicePid(s))]));

    log('counting workflows and reading sampled histories');
    const count = async (type: string): Promise<number | null> => {
      try {
        return (await client.workflow.count(`WorkflowType = '${type}' AND ExecutionStatus = 'Running'`)).count;
      } catch {
        return null;
      }
    };
    const sample = async (ids: string[]): Promise<HistorySample> => {
      const each = await Promise.all(
        ids.map(async (id) => {
          const handle = client.workflow.getHandle(id);
          const description = await handle.describe();
          const history = await handle.fetchHistory();
          const actions = (history.events ?? []).filter((e) => e.eventType != null && ACTION_EVENTS.has(e.eventType)).length;
          return { events: description.historyLength, bytes: description.historySize ?? 0, actions };
        }),
      );
      const mean = (f: (s: HistorySample) => number): number => each.reduce((sum, s) => sum + f(s), 0) / Math.max(1, each.length);
      return { events: mean((s) => s.events), bytes: mean((s) => s.bytes), actions: mean((s) => s.actions) };
    };
    const step = Math.max(1, Math.floor(org.pods / HISTORY_SAMPLE));
    const sampled = Array.from({ length: HISTORY_SAMPLE }, (_, k) => k * step);
    const podHistory = await sample(sampled.map((i) => podWipWorkflowId(scalePod(i).id)));
    const projectHistory = await sample(sampled.map((i) => projectStageWorkflowId(scaleProject(i, 1))));
    const perOpening = podHistory.events / org.pullRequestsPerPod;

    log('health scan over every pod: one at a time, then 4 and 8 at once');
    const healthScan: ScaleResult['healthScan'] = [];
    for (const concurrency of [1, 4, 8]) {
      const at = new Date(Date.now() + concurrency * 1000).toISOString();
      const started = performance.now();
      await recordPodHealthSnapshots(
        {
          db,
          concurrency,
          liveWip: async (podId) => {
            const view = await getWipState(client, podId);
            if (view === undefined) return undefined;
            return { limit: view.policy.limit, regular: view.holders.filter((h) => h.lane === 'regular').length, queued: view.queue.length };
          },
        },
        { at },
      );
      healthScan.push({ concurrency, seconds: (performance.now() - started) / 1000 });
      log(`  ${concurrency} at once: ${healthScan[healthScan.length - 1]!.seconds.toFixed(1)} s`);
    }

    const { rows: sizes } = await db.query<{ events: number; event_bytes: string; database_bytes: string }>(
      `SELECT (SELECT count(*) FROM events)::int AS events, pg_total_relation_size('events')::text AS event_bytes, pg_database_size(current_database())::text AS database_bytes`,
    );
    const githubCalls = c.github.requests.slice(githubBefore);
    const runSeconds = (performance.now() - runStart) / 1000;
    return {
      org,
      loadAverage: { start: loadAtStart, end: currentLoad() },
      memoryMb: SERVICES.map((service) => ({ service, booted: booted[service] ?? null, loaded: loaded[service] ?? null })),
      opening: { deliveries: deliveries.length, acknowledged, seconds: sentSeconds, perSecond: acknowledged / sentSeconds },
      appliedSeconds,
      recordedAtApplied,
      workflows: { podWip: await count('podWip'), projectStage: await count('projectStage') },
      history: {
        podWip: podHistory,
        projectStage: projectHistory,
        podOpeningsPerRun: perOpening > 0 ? Math.floor(TEMPORAL_HISTORY_LIMITS.suggestEvents / perOpening) : 0,
      },
      healthScan,
      storage: {
        events: sizes[0]?.events ?? 0,
        eventBytes: Number(sizes[0]?.event_bytes ?? 0),
        databaseBytes: Number(sizes[0]?.database_bytes ?? 0),
      },
      crashes,
      reconciler: planReconcilerCalls({ repos: org.pods, openPullRequests: target, projectPullRequests: target }),
      github: {
        reads: githubCalls.filter((r) => r.method === 'GET').length,
        statusWrites: githubCalls.filter((r) => r.method === 'POST' && /\/statuses\//.test(r.path)).length,
        seconds: runSeconds,
      },
    };
  } finally {
    await connection?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const EventType = proto.temporal.api.enums.v1.EventType;

/** History event types Temporal Cloud counts as billable actions (the ones these workflows produce). */
const ACTION_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
]);
