import { E2E_TARGETS } from '../scenarios/status-latency.js';
import type { BenchResults } from './results.js';

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
    const rejected = ingest.api.saturation.responses + ingest.api.paced.responses - ingest.accepted;
    if (rejected > 0) failures.push(`ingest: ${rejected} deliveries were not answered 202`);
    if (!ingest.drain.drained) failures.push(`ingest: ${ingest.drain.left} events still unhandled after ${Math.round(ingest.drain.seconds)} s`);
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
  }
  return { failures, missedTargets };
}
