import type { DomainEvent } from '@clos/domain';
import type { EventBus, IdempotencyStore, Logger } from '@clos/platform';

/** Delivery ids stay remembered this long (≥ 7 days: GitHub lets a delivery be redelivered for days). */
export const DELIVERY_TTL_DAYS = 8;

/** What {@link ingestDelivery} did with a delivery. */
export interface IngestOutcome {
  /** False when the delivery id had been processed before: nothing changed. */
  firstDelivery: boolean;
  eventIds: string[];
  eventTypes: string[];
}

/** Dependencies of {@link ingestDelivery}. */
export interface IngestDependencies {
  bus: EventBus;
  idempotency: IdempotencyStore;
  logger?: Logger;
}

/**
 * Publishes the events of one verified, mapped delivery. The order is what keeps nothing
 * accepted from being lost: the events go on the bus first and the delivery id is claimed
 * only once the bus holds them. A crash or bus failure in between leaves the id unclaimed,
 * so the sender's retry goes through. A redelivery of a claimed delivery publishes nothing.
 * A concurrent duplicate may publish again, but it carries the same event ids — derived
 * from the delivery id, see `deliveryEventIds` — so the event log keeps one row and the
 * processor's Temporal update ids drop the second copy; the lost claim tells the sender it
 * was a duplicate.
 */
export async function ingestDelivery(deps: IngestDependencies, key: string, events: DomainEvent[]): Promise<IngestOutcome> {
  const outcome = { eventIds: events.map((e) => e.id), eventTypes: events.map((e) => e.type) };
  // A redelivery of a delivery already on the bus is not published again: with EventBridge a
  // second publish is a second SQS message. Only concurrent duplicates can both get past
  // this read; their identical event ids keep them from changing anything twice.
  if (await deps.idempotency.isClaimed(key)) {
    deps.logger?.info({ deliveryKey: key }, 'webhook: duplicate delivery, nothing changed');
    return { firstDelivery: false, ...outcome };
  }
  await deps.bus.publish(events);
  const firstDelivery = await deps.idempotency.claim(key, DELIVERY_TTL_DAYS);
  if (!firstDelivery) deps.logger?.info({ deliveryKey: key }, 'webhook: duplicate delivery, nothing changed');
  return { firstDelivery, ...outcome };
}
