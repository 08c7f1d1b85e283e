/** Options of {@link Coalescer}. */
export interface CoalescerOptions<T> {
  /**
   * How long the first item of a batch waits for company. Short: it bounds the latency a
   * quiet workflow sees, while a burst arriving within it becomes one call.
   */
  windowMs: number;
  /**
   * The least time between two deliveries to the same key. 200 ms keeps any one workflow at
   * five calls a second however hard the bus pushes; items arriving meanwhile join the next batch.
   */
  minIntervalMs: number;
  /** Largest batch handed to `deliver`; a longer backlog goes out in several batches. */
  maxBatch?: number;
  /** Sends one batch for one key. A rejection fails every item of the batch (the bus redelivers them). */
  deliver: (key: string, items: T[]) => Promise<void>;
  /** Clock, for tests. */
  now?: () => number;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Lane<T> {
  pending: Pending<T>[];
  timer: NodeJS.Timeout | undefined;
  /** A delivery is in flight; the next one waits for it (batches of one key stay in order). */
  busy: boolean;
  lastDeliveryAt: number;
}

/**
 * Groups items per key (a workflow id) into batches, so a burst of events for one pod or
 * project reaches its workflow as a few calls rather than hundreds, at most one call per key
 * every `minIntervalMs` and never two at once. `submit` resolves only once the item's batch
 * was delivered: the bus consumer acknowledges an event after that, which keeps delivery
 * at-least-once end to end.
 */
export class Coalescer<T> {
  private readonly lanes = new Map<string, Lane<T>>();
  private readonly now: () => number;
  private readonly maxBatch: number;
  private closed = false;

  constructor(private readonly options: CoalescerOptions<T>) {
    this.now = options.now ?? Date.now;
    this.maxBatch = options.maxBatch ?? 100;
  }

  /** Queues `item` for `key`; settles when the batch holding it was delivered or failed. */
  submit(key: string, item: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error('coalescer is closed'));
    return new Promise<void>((resolve, reject) => {
      const lane = this.lane(key);
      lane.pending.push({ item, resolve, reject });
      this.schedule(key, lane);
    });
  }

  /** Keys with items waiting or in flight. */
  get activeKeys(): number {
    return this.lanes.size;
  }

  /** Delivers everything still waiting, then refuses new items. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.lanes.size > 0) {
      const waits: Promise<void>[] = [];
      for (const [key, lane] of this.lanes) {
        if (lane.timer !== undefined) {
          clearTimeout(lane.timer);
          lane.timer = undefined;
        }
        if (!lane.busy && lane.pending.length > 0) waits.push(this.flush(key, lane));
        else if (lane.busy) waits.push(new Promise((resolve) => setTimeout(resolve, 5)));
        else this.lanes.delete(key);
      }
      await Promise.all(waits);
    }
  }

  private lane(key: string): Lane<T> {
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { pending: [], timer: undefined, busy: false, lastDeliveryAt: Number.NEGATIVE_INFINITY };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private schedule(key: string, lane: Lane<T>): void {
    if (lane.busy || lane.timer !== undefined || lane.pending.length === 0) return;
    const sinceLast = this.now() - lane.lastDeliveryAt;
    const delay = Math.max(this.options.windowMs, this.options.minIntervalMs - sinceLast, 0);
    lane.timer = setTimeout(() => {
      lane.timer = undefined;
      void this.flush(key, lane);
    }, delay);
  }

  private async flush(key: string, lane: Lane<T>): Promise<void> {
    const batch = lane.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    lane.busy = true;
    try {
      await this.options.deliver(
        key,
        batch.map((p) => p.item),
      );
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      lane.busy = false;
      lane.lastDeliveryAt = this.now();
      if (lane.pending.length === 0) this.lanes.delete(key);
      else if (!this.closed) this.schedule(key, lane);
    }
  }
}
