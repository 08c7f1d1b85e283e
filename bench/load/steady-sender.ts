import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link sendSteadily}. */
export interface SteadyOptions {
  /** Sends per second. */
  rate: number;
  /** How many sends in all. */
  count: number;
  /**
   * Most sends awaiting their answer at once. A send due while this many are open waits
   * (and is reported late), so a stalled server cannot make the sender pile up requests.
   */
  maxInFlight?: number;
  /** Performs send `index`; resolves with the HTTP status. */
  send: (index: number) => Promise<number>;
  /** Told how many sends await their answer whenever that changes. */
  onInFlight?: (count: number) => void;
}

/** One send: when it was due, when it went out and when it was answered (performance.now() ms). */
export interface SendRecord {
  index: number;
  dueAt: number;
  sentAt: number;
  ackAt: number;
  status: number;
}

/** Everything {@link sendSteadily} did. */
export interface SteadyRun {
  records: SendRecord[];
  startedAt: number;
  /** Achieved rate: sends divided by the time from the first to the last send. */
  achievedRate: number;
  /** How late the latest send went out, in ms. */
  maxLagMs: number;
}

/**
 * Sends at a fixed rate on an open loop: send i is due at start + i / rate whether or not
 * earlier ones were answered, as webhooks arrive. The schedule is absolute, so timer jitter
 * does not accumulate into a lower rate.
 */
export async function sendSteadily(options: SteadyOptions): Promise<SteadyRun> {
  const interval = 1000 / options.rate;
  const maxInFlight = options.maxInFlight ?? 500;
  const records: SendRecord[] = [];
  const open = new Set<Promise<void>>();
  const startedAt = performance.now();
  let maxLagMs = 0;
  for (let index = 0; index < options.count; index++) {
    const dueAt = startedAt + index * interval;
    const wait = dueAt - performance.now();
    if (wait > 0) await sleep(wait);
    while (open.size >= maxInFlight) await Promise.race(open);
    const sentAt = performance.now();
    maxLagMs = Math.max(maxLagMs, sentAt - dueAt);
    const done: Promise<void> = options
      .send(index)
      .catch(() => 0)
      .then((status) => {
        records.push({ index, dueAt, sentAt, ackAt: performance.now(), status });
        open.delete(done);
        options.onInFlight?.(open.size);
      });
    open.add(done);
    options.onInFlight?.(open.size);
  }
  await Promise.all(open);
  records.sort((a, b) => a.index - b.index);
  const first = records[0]?.sentAt ?? startedAt;
  const last = records[records.length - 1]?.sentAt ?? startedAt;
  const achievedRate = records.length > 1 ? ((records.length - 1) * 1000) / (last - first) : 0;
  return { records, startedAt, achievedRate, maxLagMs };
}
