import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { RecordedGithubRequest } from '@clos/github/testing';
import { countGithubCalls, type GithubCalls } from './github-calls.js';
import { currentLoad } from './machine.js';

/** Sampling interval of the event-loop delay histogram. */
const RESOLUTION_MS = 10;

/** How busy things were during one phase of the run. */
export interface PhaseConditions {
  /** Event-loop delay of the process hosting api, processor, worker and the GitHub stand-in, in ms. */
  loopDelayP50: number;
  loopDelayP99: number;
  loopDelayMax: number;
  /** 1-minute load average of the machine at the end of the phase. */
  loadAverage: number;
  /** Calls CLOS made to the GitHub stand-in during the phase. */
  githubCalls: GithubCalls;
}

/**
 * Watches this process's event loop, phase by phase. api, processor and worker share it, so
 * a long delay means a figure includes time spent waiting for the loop rather than for I/O.
 */
export class ConditionsMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private seenRequests = 0;

  /** `githubRequests`: the stand-in's request log. */
  constructor(private readonly githubRequests: () => readonly RecordedGithubRequest[]) {
    this.histogram.enable();
  }

  /** The conditions since the previous call (or the start), then starts afresh. */
  phase(): PhaseConditions {
    const h = this.histogram;
    const requests = this.githubRequests();
    // The histogram measures the whole sampling interval; the delay is what exceeds it.
    const delay = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    const conditions = {
      githubCalls: countGithubCalls(requests, this.seenRequests),
      loopDelayP50: delay(h.percentile(50)),
      loopDelayP99: delay(h.percentile(99)),
      loopDelayMax: delay(h.max),
      loadAverage: currentLoad(),
    };
    h.reset();
    this.seenRequests = requests.length;
    return conditions;
  }

  stop(): void {
    this.histogram.disable();
  }
}
