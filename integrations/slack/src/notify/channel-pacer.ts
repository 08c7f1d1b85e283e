import { setTimeout as sleepFor } from 'node:timers/promises';
import { retryAfterSeconds } from '../web/rate-limit.js';

/** Options of {@link ChannelPacer}. */
export interface ChannelPacerOptions {
  /** Least time between two sends to one channel; Slack allows about one message a second. Default 1000. */
  intervalMs?: number;
  /** How often one send is retried after a 429 before it fails. Default 5. */
  maxRateLimitRetries?: number;
  /** Clock in epoch ms; injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Lane {
  /** The tail of the channel's queue. */
  tail: Promise<unknown>;
  /** Earliest time the next send may start. */
  nextAt: number;
}

/**
 * A queue per channel: sends to one channel run one at a time, each at least `intervalMs`
 * after the previous one finished, and a 429 holds the whole channel for the `Retry-After`
 * Slack gave before the same send is tried again. Channels do not wait on each other.
 */
export class ChannelPacer {
  private readonly lanes = new Map<string, Lane>();
  private readonly intervalMs: number;
  private readonly maxRetries: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ChannelPacerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.maxRetries = options.maxRateLimitRetries ?? 5;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms));
  }

  /** Runs `send` in `channel`'s turn; resolves or rejects with it. */
  run<T>(channel: string, send: () => Promise<T>): Promise<T> {
    // One lane per channel, kept for the process's life: a workspace has few bot channels.
    let lane = this.lanes.get(channel);
    if (lane === undefined) {
      lane = { tail: Promise.resolve(), nextAt: 0 };
      this.lanes.set(channel, lane);
    }
    const current = lane;
    const result = current.tail.then(() => this.attempt(current, send));
    current.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async attempt<T>(lane: Lane, send: () => Promise<T>): Promise<T> {
    for (let retries = 0; ; retries++) {
      const wait = lane.nextAt - this.now();
      if (wait > 0) await this.sleep(wait);
      try {
        const result = await send();
        // Counted from when the send finished, so Slack sees the gap whatever the latency.
        lane.nextAt = this.now() + this.intervalMs;
        return result;
      } catch (error) {
        lane.nextAt = this.now() + this.intervalMs;
        const retryAfter = retryAfterSeconds(error);
        if (retryAfter === undefined || retries >= this.maxRetries) throw error;
        lane.nextAt = Math.max(lane.nextAt, this.now() + retryAfter * 1_000);
      }
    }
  }
}
