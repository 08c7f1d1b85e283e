import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClosStack } from '../stack/clos-stack.js';

/** How waiting for the outbox to empty ended. */
export interface DrainResult {
  drained: boolean;
  seconds: number;
  /** Pending + processing when the wait ended. */
  left: number;
  dead: number;
}

/** Polls the outbox until nothing is pending or processing, or `timeoutMs` passed. */
export async function waitForDrain(stack: ClosStack, timeoutMs: number, pollMs = 250): Promise<DrainResult> {
  const start = performance.now();
  for (;;) {
    const backlog = await stack.backlog();
    const left = backlog.pending + backlog.processing;
    const seconds = (performance.now() - start) / 1000;
    if (left === 0) return { drained: true, seconds, left, dead: backlog.dead };
    if (performance.now() - start > timeoutMs) return { drained: false, seconds, left, dead: backlog.dead };
    await sleep(pollMs);
  }
}
