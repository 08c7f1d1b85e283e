import type { DomainEvent } from '@clos/domain';
import type { EventBus } from './ports.js';

/** Options of {@link CoalescingBus}. */
export interface CoalescingBusOptions {
  /** The bus the merged batches go to (EventBridge: up to 10 entries a PutEvents request). */
  bus: EventBus;
  /** Most events one merged publish carries (default 10, a PutEvents request's limit). */
  maxEvents?: number;
  /** Publishes in flight at once (default 8); later calls wait and are merged. */
  maxInFlight?: number;
}

interface Waiting {
  events: DomainEvent[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Merges concurrent publishes into fewer, fuller ones (ADR 0027). A publish goes out at
 * once while fewer than `maxInFlight` are under way; past that, calls queue and the next
 * free slot takes as many whole calls as fit in `maxEvents`. A call resolves when its own
 * events are published; when a merged publish fails, its calls are tried again one by one
 * (event ids make a republish harmless), so a call fails only for its own events.
 */
export class CoalescingBus implements EventBus {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private readonly maxEvents: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: CoalescingBusOptions) {
    this.maxEvents = options.maxEvents ?? 10;
    this.maxInFlight = options.maxInFlight ?? 8;
  }

  publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch: Waiting[] = [this.queue.shift()!];
      let size = batch[0]!.events.length;
      while (this.queue.length > 0 && size + this.queue[0]!.events.length <= this.maxEvents) {
        const next = this.queue.shift()!;
        size += next.events.length;
        batch.push(next);
      }
      this.inFlight += 1;
      this.options.bus
        .publish(batch.flatMap((w) => w.events))
        .then(
          () => batch.forEach((w) => w.resolve()),
          // One call's events must not fail another's: a merged publish that failed is tried
          // again call by call, so each caller hears of its own outcome.
          async (error: unknown) => {
            if (batch.length === 1) {
              batch[0]!.reject(error);
              return;
            }
            await Promise.all(batch.map((w) => this.options.bus.publish(w.events).then(w.resolve, w.reject)));
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          this.drain();
        });
    }
  }
}
