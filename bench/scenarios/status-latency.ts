import { performance } from 'node:perf_hooks';
import { postDelivery, pullRequestDelivery, sha } from '../load/deliveries.js';
import { sendSteadily } from '../load/steady-sender.js';
import { summarize, type LatencySummary } from '../report/stats.js';
import type { ClosStack } from '../stack/clos-stack.js';
import { repoOfPod, type BenchOrg } from '../stack/clos-yml.js';
import { waitForDrain } from './drain.js';
import { StatusWatch } from './status-watch.js';

/** The targets of the end-to-end latency, in ms. */
export const E2E_TARGETS = { p50: 150, p99: 1000 } as const;

/** How many deliveries, how fast. */
export interface StatusLatencyOptions {
  count: number;
  rate: number;
}

/** Figures of the end-to-end benchmark. */
export interface StatusLatencyResult {
  count: number;
  rate: number;
  achievedRate: number;
  pods: number;
  /** Webhook sent → `clos/wip` status stored by the GitHub stand-in. */
  latency: LatencySummary;
  /** Webhook sent → 202 received. */
  ack: LatencySummary;
  /**
   * Where the time goes: sent → the processor acknowledged the event on the bus (its
   * workflow update completed; Postgres' clock), and from there → the status stored.
   */
  stages: { handled: LatencySummary; handledToStatus: LatencySummary };
  /** Statuses posted as success (slot granted) and failure (over the limit, queued). */
  granted: number;
  queued: number;
  /** PRs that got no `clos/wip` status within the wait. */
  missing: number;
  nonAccepted: number;
  targetsMet: { p50: boolean; p99: boolean };
}

/** How long after the last delivery a status may still arrive before it counts as missing. */
const STATUS_WAIT_MS = 30_000;

/** Pull request numbers of the warm-up, apart from the measured ones. */
const WARM_UP_FIRST_NUMBER = 5_001;

/**
 * Opens `count` pull requests, one `pull_request.opened` delivery each, at a steady rate and
 * spread round-robin over the pods (so each pod's workflow sees `rate / pods` a second,
 * as an organisation's traffic spreads over its teams), and times each from the moment its
 * delivery is sent until the GitHub stand-in stores its first `clos/wip` status. Early PRs
 * of a pod take a slot (success); the rest queue behind the limit (failure) — both count.
 */
export async function runStatusLatencyBenchmark(
  stack: ClosStack,
  org: BenchOrg,
  options: StatusLatencyOptions,
  log: (line: string) => void,
): Promise<StatusLatencyResult> {
  const watch = new StatusWatch(stack.github, 'clos/wip');
  try {
    await warmUp(stack, org, watch, log);
    const shaOf = (i: number): string => sha(`e2e-${i}`);
    log(`e2e: ${options.count} pull_request.opened at ${options.rate}/s over ${org.pods} pods`);
    const deliveryIds: string[] = [];
    const run = await sendSteadily({
      rate: options.rate,
      count: options.count,
      send: (i) => {
        const delivery = pullRequestDelivery({
          repo: repoOfPod(i % org.pods),
          number: i + 1,
          headSha: shaOf(i),
          action: 'opened',
          author: `dev-${i % 7}`,
          updatedAt: new Date().toISOString(),
        });
        deliveryIds[i] = delivery.deliveryId;
        return postDelivery(stack.apiUrl, delivery);
      },
    });
    const missing = await watch.waitForAll(
      run.records.map((r) => shaOf(r.index)),
      STATUS_WAIT_MS,
    );
    await waitForDrain(stack, 30_000);
    const handledAt = await handledTimes(stack, deliveryIds);
    const latencies: number[] = [];
    const handled: number[] = [];
    const handledToStatus: number[] = [];
    let granted = 0;
    let queued = 0;
    for (const record of run.records) {
      // performance.now() and Postgres' now() on one scale: wall-clock ms.
      const sentWall = performance.timeOrigin + record.sentAt;
      const handledWall = handledAt.get(deliveryIds[record.index] ?? '');
      if (handledWall !== undefined) handled.push(handledWall - sentWall);
      const first = watch.first(shaOf(record.index));
      if (first === undefined) continue;
      latencies.push(first.at - record.sentAt);
      if (handledWall !== undefined) handledToStatus.push(performance.timeOrigin + first.at - handledWall);
      if (first.status.state === 'success') granted += 1;
      else queued += 1;
    }
    const latency = summarize(latencies);
    return {
      count: options.count,
      rate: options.rate,
      achievedRate: run.achievedRate,
      pods: org.pods,
      latency,
      ack: summarize(run.records.map((r) => r.ackAt - r.sentAt)),
      stages: { handled: summarize(handled), handledToStatus: summarize(handledToStatus) },
      granted,
      queued,
      missing: missing.length,
      nonAccepted: run.records.filter((r) => r.status !== 202).length,
      targetsMet: { p50: latency.p50 < E2E_TARGETS.p50, p99: latency.p99 < E2E_TARGETS.p99 },
    };
  } finally {
    watch.stop();
  }
}

/** When the processor finished each delivery's event (`events.processed_at`), in wall-clock ms, by delivery id. */
async function handledTimes(stack: ClosStack, deliveryIds: string[]): Promise<Map<string, number>> {
  const { rows } = await stack.pool.query<{ delivery_id: string; processed_ms: string }>(
    `SELECT delivery_id, extract(epoch FROM max(processed_at)) * 1000 AS processed_ms
       FROM events WHERE delivery_id = ANY($1) AND processed_at IS NOT NULL GROUP BY delivery_id`,
    [deliveryIds],
  );
  return new Map(rows.map((r) => [r.delivery_id, Number(r.processed_ms)]));
}

/**
 * Starts every pod's workflow before anything is timed — in steady state a pod's workflow
 * has long been running, and the first workflow task of a run (loading the workflow code
 * into a fresh context) is a one-off cost — by opening one pull request per pod, waiting
 * for its status, and merging it again so the measured ones find every slot free.
 */
async function warmUp(stack: ClosStack, org: BenchOrg, watch: StatusWatch, log: (line: string) => void): Promise<void> {
  log(`e2e: warming up (one pull request per pod opened and merged)`);
  const fixture = (pod: number, action: 'opened' | 'closed') => ({
    repo: repoOfPod(pod),
    number: WARM_UP_FIRST_NUMBER + pod,
    headSha: sha(`warm-up-${pod}`),
    action,
    merged: action === 'closed',
    author: 'warm-up',
    updatedAt: new Date().toISOString(),
  });
  const pods = Array.from({ length: org.pods }, (_, pod) => pod);
  await Promise.all(pods.map((pod) => postDelivery(stack.apiUrl, pullRequestDelivery(fixture(pod, 'opened')))));
  const missing = await watch.waitForAll(
    pods.map((pod) => sha(`warm-up-${pod}`)),
    60_000,
  );
  if (missing.length > 0) throw new Error(`warm-up: ${missing.length} of ${org.pods} pods posted no clos/wip status within 60 s`);
  await Promise.all(pods.map((pod) => postDelivery(stack.apiUrl, pullRequestDelivery(fixture(pod, 'closed')))));
  const drained = await waitForDrain(stack, 60_000);
  if (!drained.drained) throw new Error(`warm-up: ${drained.left} events still unhandled after 60 s`);
}
