import type { DomainEvent } from '@clos/domain';

/** One verified, mapped webhook delivery to accept. */
export interface DeliveryToAccept {
  /** `webhook:<vendor>:<delivery id>`: a second delivery under it is a duplicate. */
  deliveryKey: string;
  /**
   * The signed body's claim, for vendors whose signature does not cover the delivery id:
   * `key` is `webhook:<vendor>:body:<sha256>`, `holder` the delivery id. The same body
   * under another delivery id is a replay and is refused.
   */
  replayGuard?: { key: string; holder: string };
  events: DomainEvent[];
  /** How long the claims hold (≥ 7 days: GitHub redelivers for days). */
  ttlDays: number;
}

/** What became of a delivery. */
export type IntakeOutcome =
  /** Its events are on the bus: acknowledge (202). */
  | { kind: 'accepted' }
  /** Its delivery id was accepted before: nothing changed (200). */
  | { kind: 'duplicate' }
  /** Its body was accepted under another delivery id (`acceptedAs`): refuse (409). */
  | { kind: 'replayed'; acceptedAs: string };

/**
 * Accepts webhook deliveries onto the bus with their dedupe: the delivery id and the
 * signed body are claimed and the events published as one step of the adapter's own, so
 * nothing acknowledged is lost and nothing is published twice. Throws when the bus cannot
 * take them (the sender retries; nothing was claimed).
 */
export interface DeliveryIntake {
  accept(delivery: DeliveryToAccept): Promise<IntakeOutcome>;
}
