import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { postDelivery, pullRequestDelivery } from '../load/deliveries.js';
import { sendSteadily } from '../load/steady-sender.js';
import { summarize, type LatencySummary } from '../report/stats.js';
import type { ClosStack } from '../stack/clos-stack.js';
import type { BenchOrg } from '../stack/clos-yml.js';
import { judgeBacklog, type BacklogSample, type BacklogVerdict } from './backlog-trend.js';
import { waitForDrain, type DrainResult } from './drain.js';
import { LifecycleMix } from './lifecycle-mix.js';
import { StatusWatch } from './status-watch.js';

/** The sustained run's load. */
export interface SustainedOptions {
  rate: number;
  seconds: number;
  /** Seconds between backlog samples. */
  sampleEvery: number;
  /** Number of the first pull request opened (default 10,001): runs on one stack keep theirs apart. */
  firstNumber?: number;
}

/** Figures of the sustained run. */
export interface SustainedResult {
  rate: number;
  seconds: number;
  sent: number;
  achievedRate: number;
  maxSendLagMs: number;
  nonAccepted: number;
  /** Webhook sent → 202 received. */
  ack: LatencySummary;
  /** Acknowledgements slower than GitHub's 10 s delivery timeout: GitHub would have recorded those deliveries as failed. */
  acksOverGithubTimeout: number;
  samples: BacklogSample[];
  trend: BacklogVerdict;
  /** After the last acknowledgement: the processor emptying the outbox. */
  drain: DrainResult;
  /** Delivery sent → `clos/wip` status on the new head SHA, for the openings and pushes that got one. */
  statusLatency: LatencySummary;
  /**
   * New head SHAs (openings and pushes) and how many got a `clos/wip` status. A SHA pushed
   * over or merged before its workflow came round to it rightly gets none: the workflow
   * posts the current verdict of open pull requests only.
   */
  newHeads: { total: number; withStatus: number };
  /** Pull requests still open at the end, and how many of them lack a status on their current head: those are stuck. */
  openAtEnd: { total: number; withoutStatus: number };
}

/** GitHub closes a delivery's connection after 10 s and records it as failed. */
const GITHUB_DELIVERY_TIMEOUT_MS = 10_000;

/** How long after the outbox drained an open pull request's status may still arrive before it counts as stuck. */
const STATUS_WAIT_MS = 60_000;

/**
 * Sends a mix of pull request openings, pushes and merges (see {@link LifecycleMix}) at a
 * steady rate over the pods and samples the backlog every few seconds: deliveries sent but
 * not yet acknowledged, and outbox events pending or processing. The pipeline keeps up if
 * the backlog stays flat once the run has warmed up (see {@link judgeBacklog}).
 */
export async function runSustainedBenchmark(
  stack: ClosStack,
  org: BenchOrg,
  options: SustainedOptions,
  log: (line: string) => void,
): Promise<SustainedResult> {
  const count = Math.round(options.rate * options.seconds);
  const mix = new LifecycleMix(org.pods, options.firstNumber ?? 10_001);
  const watch = new StatusWatch(stack.github, 'clos/wip');
  const newHeads = new Map<number, string>();
  const samples: BacklogSample[] = [];
  let inFlight = 0;
  let sampling = true;
  const start = performance.now();
  const sampler = (async () => {
    while (sampling) {
      const backlog = await stack.backlog();
      const sample: BacklogSample = { t: (performance.now() - start) / 1000, inFlight, pending: backlog.pending, processing: backlog.processing };
      samples.push(sample);
      log(`sustained: t=${sample.t.toFixed(1)} s  unacknowledged ${sample.inFlight}, outbox pending ${sample.pending}, processing ${sample.processing}`);
      const next = start + samples.length * options.sampleEvery * 1000;
      while (sampling && performance.now() < next) await sleep(Math.min(200, next - performance.now()));
    }
  })();

  try {
    log(`sustained: ${count} deliveries at ${options.rate}/s for ${options.seconds} s over ${org.pods} pods`);
    const run = await sendSteadily({
      rate: options.rate,
      count,
      onInFlight: (n) => (inFlight = n),
      send: (i) => {
        const step = mix.next(i);
        if (step.newHead !== undefined) newHeads.set(i, step.newHead);
        return postDelivery(stack.apiUrl, pullRequestDelivery(step.fixture));
      },
    });
    const lastSentAt = run.records.reduce((latest, r) => Math.max(latest, r.sentAt), start);
    const sendingEnd = (lastSentAt - start) / 1000;
    sampling = false;
    await sampler;

    const drain = await waitForDrain(stack, 120_000);
    const openHeads = mix.openHeads();
    const stuck = await watch.waitForAll(openHeads, STATUS_WAIT_MS);
    const latencies: number[] = [];
    for (const record of run.records) {
      const head = newHeads.get(record.index);
      const first = head === undefined ? undefined : watch.first(head);
      if (first !== undefined) latencies.push(first.at - record.sentAt);
    }

    return {
      rate: options.rate,
      seconds: options.seconds,
      sent: run.records.length,
      achievedRate: run.achievedRate,
      maxSendLagMs: run.maxLagMs,
      nonAccepted: run.records.filter((r) => r.status !== 202).length,
      ack: summarize(run.records.map((r) => r.ackAt - r.sentAt)),
      acksOverGithubTimeout: run.records.filter((r) => r.ackAt - r.sentAt > GITHUB_DELIVERY_TIMEOUT_MS).length,
      samples,
      trend: judgeBacklog(samples, { rate: options.rate, sendingEnd }),
      drain,
      statusLatency: summarize(latencies),
      newHeads: { total: newHeads.size, withStatus: latencies.length },
      openAtEnd: { total: openHeads.length, withoutStatus: stuck.length },
    };
  } finally {
    sampling = false;
    await sampler.catch(() => undefined);
    watch.stop();
  }
}
