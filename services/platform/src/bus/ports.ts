import type { DomainEvent } from '@clos/domain';

/** Publishes domain events. Publishing an event id twice delivers it once. */
export interface EventBus {
  publish(events: DomainEvent[]): Promise<void>;
}

/**
 * Handles one event. Delivery is at least once: a handler must be idempotent,
 * and throwing means "not handled, deliver again later".
 */
export type EventHandler = (event: DomainEvent) => Promise<void>;

/** Delivers published events to a handler until stopped. */
export interface EventConsumer {
  /** Starts delivering in the background; call once. */
  start(handler: EventHandler): void;
  /** Stops taking new events and resolves once the handlers in flight have finished. */
  stop(): Promise<void>;
}
