import { createHash } from 'node:crypto';
import { ClosError, type DomainEvent } from '@clos/domain';
import { DELIVERY_TTL_DAYS, ingestDelivery, type IngestOutcome } from './ingest-delivery.js';
import { refuseReplayedBody, replayRefused } from './refuse-replayed-body.js';
import { publishFailed } from './webhook-answers.js';
import type { WebhookDependencies } from './webhook-dependencies.js';

/** One verified, mapped delivery of `vendor`. */
export interface VerifiedDelivery {
  vendor: 'github' | 'linear';
  deliveryId: string;
  /** The signed bytes, for vendors whose signature leaves the delivery id out (GitHub): a replay of them is refused. */
  guardBody?: Uint8Array;
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
  const digest = delivery.guardBody === undefined ? undefined : createHash('sha256').update(delivery.guardBody).digest('hex');
  try {
    if (deps.intake === undefined) {
      if (delivery.guardBody !== undefined) await refuseReplayedBody(deps, 'github', delivery.deliveryId, delivery.guardBody);
      return await ingestDelivery(deps, key, delivery.events);
    }
    const outcome = await deps.intake.accept({
      deliveryKey: key,
      ...(digest !== undefined ? { replayGuard: { key: `webhook:${delivery.vendor}:body:${digest}`, holder: delivery.deliveryId } } : {}),
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
