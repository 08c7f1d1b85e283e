import { flatOutRuns } from '../scenarios/ingest-ack.js';
import { E2E_TARGETS } from '../scenarios/status-latency.js';
import type { BenchResults } from './results.js';

/** Ingest flat out ÷ the hello-world's, same bodies: the target. */
export const INGEST_TARGET_RATIO = 0.4;

/** Webhook → `clos/wip` on a new head SHA under the sustained load, p99: the target. */
export const SUSTAINED_STATUS_P99_MS = 1_000;

/**
 * Why a run failed: the backlog grew under the sustained load, or something accepted was
 * lost (a delivery not acknowledged, an event never handled, a status never posted).
 * Missed latency targets are listed apart: they are a finding, not a broken run.
 */
export function judge(results: Pick<BenchResults, 'ingest' | 'endToEnd' | 'sustained'>): { failures: string[]; missedTargets: string[] } {
  const failures: string[] = [];
  const missedTargets: string[] = [];
  const { ingest, endToEnd, sustained } = results;
  if (ingest) {
    const rejected = flatOutRuns(ingest.rounds, 'api').reduce((sum, run) => sum + run.responses, 0) + ingest.api.paced.responses - ingest.accepted;
    if (rejected > 0) failures.push(`ingest: ${rejected} deliveries were not answered 202`);
    if (!ingest.drain.drained) failures.push(`ingest: ${ingest.drain.left} events still unhandled after ${Math.round(ingest.drain.seconds)} s`);
    if (ingest.ratios.throughput < INGEST_TARGET_RATIO) {
      missedTargets.push(`ingest flat out ${ingest.ratios.throughput.toFixed(3)} × hello-world (target ≥ ${INGEST_TARGET_RATIO})`);
    }
  }
  if (endToEnd) {
    if (endToEnd.nonAccepted > 0) failures.push(`end to end: ${endToEnd.nonAccepted} deliveries were not answered 202`);
    if (endToEnd.missing > 0) failures.push(`end to end: ${endToEnd.missing} of ${endToEnd.count} pull requests got no clos/wip status`);
    if (!endToEnd.targetsMet.p50) missedTargets.push(`end-to-end p50 ${endToEnd.latency.p50.toFixed(0)} ms (target < ${E2E_TARGETS.p50} ms)`);
    if (!endToEnd.targetsMet.p99) missedTargets.push(`end-to-end p99 ${endToEnd.latency.p99.toFixed(0)} ms (target < ${E2E_TARGETS.p99} ms)`);
  }
  if (sustained) {
    if (sustained.trend.grows) failures.push(`sustained: the backlog grew by ${sustained.trend.slopePerSecond.toFixed(2)} events/s at ${sustained.rate} events/s`);
    if (sustained.nonAccepted > 0) failures.push(`sustained: ${sustained.nonAccepted} deliveries were not answered 202`);
    if (!sustained.drain.drained) failures.push(`sustained: ${sustained.drain.left} events still unhandled ${Math.round(sustained.drain.seconds)} s after the last delivery`);
    if (sustained.drain.dead > 0) failures.push(`sustained: ${sustained.drain.dead} events dead`);
    const { total, withoutStatus } = sustained.openAtEnd;
    if (withoutStatus > 0) failures.push(`sustained: ${withoutStatus} of ${total} open pull requests have no clos/wip status on their head`);
    if (sustained.achievedRate < sustained.rate * 0.95) failures.push(`sustained: only ${sustained.achievedRate.toFixed(1)} deliveries/s were sent (the sender fell behind)`);
    if (sustained.statusLatency.p99 >= SUSTAINED_STATUS_P99_MS) {
      missedTargets.push(`sustained: webhook → clos/wip on a new head SHA p99 ${sustained.statusLatency.p99.toFixed(0)} ms (target < ${SUSTAINED_STATUS_P99_MS} ms)`);
    }
  }
  return { failures, missedTargets };
}
