import { ClosError, type DomainEvent } from '@clos/domain';
import { DELIVERY_TTL_DAYS, ingestDelivery, type IngestOutcome } from './ingest-delivery.js';
import { refuseReplayedBody, replayGuardKey, replayRefused } from './refuse-replayed-body.js';
import { publishFailed } from './webhook-answers.js';
import type { WebhookDependencies } from './webhook-dependencies.js';

/** One verified, mapped delivery of `vendor`. */
export interface VerifiedDelivery {
  vendor: 'github' | 'linear';
  deliveryId: string;
  /**
   * For vendors whose signature leaves the delivery id out (GitHub): the verified signature
   * of the body, which names those bytes — the same bytes under another delivery id are a
   * replay and refused.
   */
  bodySignature?: string;
  events: DomainEvent[];
}

/**
 * Puts a delivery's events on the bus with its dedupe, the fewest round trips the bus
 * allows: through the intake when there is one (the outbox: claims and events in one
 * statement, ADR 0027), else claim the body, publish, claim the delivery id. Throws
 * Conflict (409) for a replayed body, InvalidInput (400) for a malformed event, Unavailable
 * (503) when the bus could not take it — nothing is claimed then, so the retry goes through.
 */
export async function acceptDelivery(deps: WebhookDependencies, delivery: VerifiedDelivery): Promise<IngestOutcome> {
  const key = `webhook:${delivery.vendor}:${delivery.deliveryId}`;
  const guardKey = delivery.bodySignature === undefined ? undefined : replayGuardKey(delivery.vendor, delivery.bodySignature);
  try {
    if (deps.intake === undefined) {
      if (guardKey !== undefined) await refuseReplayedBody(deps, delivery.vendor, delivery.deliveryId, guardKey);
      return await ingestDelivery(deps, key, delivery.events);
    }
    const outcome = await deps.intake.accept({
      deliveryKey: key,
      ...(guardKey !== undefined ? { replayGuard: { key: guardKey, holder: delivery.deliveryId } } : {}),
      events: delivery.events,
      ttlDays: DELIVERY_TTL_DAYS,
    });
    if (outcome.kind === 'replayed') {
      deps.logger?.warn({ deliveryId: delivery.deliveryId, acceptedAs: outcome.acceptedAs }, 'webhook: replayed body refused');
      throw replayRefused(delivery.vendor, delivery.deliveryId);
    }
    if (outcome.kind === 'duplicate') deps.logger?.info({ deliveryKey: key }, 'webhook: duplicate delivery, nothing changed');
    return { firstDelivery: outcome.kind === 'accepted', eventIds: delivery.events.map((e) => e.id), eventTypes: delivery.events.map((e) => e.type) };
  } catch (error) {
    if (error instanceof ClosError && (error.code === 'InvalidInput' || error.code === 'Conflict')) throw error;
    throw publishFailed(error, deps.logger);
  }
}
