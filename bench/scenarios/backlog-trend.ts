import { slope } from '../report/stats.js';

/** One look at the backlog, `t` seconds after the first delivery of the sustained run. */
export interface BacklogSample {
  t: number;
  /** Deliveries sent but not yet acknowledged by the api. */
  inFlight: number;
  /** Outbox events not yet handled. */
  pending: number;
  processing: number;
}

/** Whether the backlog grew while the load was on. */
export interface BacklogVerdict {
  /** The samples judged: from the end of the warm-up to the last delivery. */
  fromSecond: number;
  toSecond: number;
  samplesJudged: number;
  /** Least-squares slope of the whole backlog (unacknowledged + outbox), events per second. */
  slopePerSecond: number;
  /** The same for the outbox alone. */
  outboxSlopePerSecond: number;
  /** Slope above which the backlog counts as growing: 2 % of the offered rate, at least 1/s. */
  threshold: number;
  /** The backlog at the last judged sample. */
  finalBacklog: number;
  grows: boolean;
}

/**
 * A pipeline that keeps up holds a backlog of about rate × latency, which fills in the first
 * seconds and then stays flat; one that cannot keeps adding the difference between what
 * arrives and what it handles. So: skip the fill (the first fifth of the run, 2 to 10 s),
 * fit a line through the rest of the sending window, and call it growth when the line rises
 * faster than 2 % of the offered rate and more than one second of input is waiting at the end.
 */
export function judgeBacklog(samples: readonly BacklogSample[], run: { rate: number; sendingEnd: number }): BacklogVerdict {
  const fromSecond = Math.min(10, Math.max(2, run.sendingEnd * 0.2));
  const judged = samples.filter((s) => s.t >= fromSecond && s.t <= run.sendingEnd + 0.5);
  const total = (s: BacklogSample): number => s.inFlight + s.pending + s.processing;
  const slopePerSecond = slope(judged.map((s) => ({ x: s.t, y: total(s) })));
  const outboxSlopePerSecond = slope(judged.map((s) => ({ x: s.t, y: s.pending + s.processing })));
  const threshold = Math.max(1, run.rate * 0.02);
  const last = judged[judged.length - 1];
  const finalBacklog = last === undefined ? 0 : total(last);
  return {
    fromSecond,
    toSecond: run.sendingEnd,
    samplesJudged: judged.length,
    slopePerSecond,
    outboxSlopePerSecond,
    threshold,
    finalBacklog,
    grows: judged.length >= 2 && slopePerSecond > threshold && finalBacklog > run.rate,
  };
}
