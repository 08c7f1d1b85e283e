import { conflict, type ClosError } from '@clos/domain';
import type { IdempotencyStore, Logger } from '@clos/platform';
import { DELIVERY_TTL_DAYS } from './ingest-delivery.js';

/** Dependencies of {@link refuseReplayedBody}. */
export interface ReplayGuardDependencies {
  idempotency: IdempotencyStore;
  logger?: Logger | undefined;
}

/**
 * Refuses (409) a signed body that was already accepted under another delivery id within
 * the dedupe window. The signature covers the body but not `X-GitHub-Delivery`, so anyone
 * who saw one genuine delivery could send it again under a fresh id — and fresh event ids,
 * which the delivery-id dedupe would not recognise. The body's key ({@link replayGuardKey})
 * is claimed for its delivery id before anything is published: the same delivery retried
 * (after a bus failure, or as GitHub's redelivery) passes, another id carrying the same
 * bytes does not.
 */
export async function refuseReplayedBody(
  deps: ReplayGuardDependencies,
  vendor: 'github' | 'linear',
  deliveryId: string,
  guardKey: string,
): Promise<void> {
  const holder = await deps.idempotency.claimAs(guardKey, deliveryId, DELIVERY_TTL_DAYS);
  if (holder === deliveryId) return;
  deps.logger?.warn({ deliveryId, acceptedAs: holder }, 'webhook: replayed body refused');
  throw replayRefused(vendor, deliveryId);
}

/**
 * The claim key naming a signed body: its verified signature. An HMAC over the bytes is as
 * unique to them as a digest, and already computed, so the body is not hashed twice on the
 * ack path. Replayed bytes carry the same signature header (no one without the secret can
 * sign them anew); a body re-signed after a secret rotation is a new key, which only GitHub
 * itself can produce.
 */
export function replayGuardKey(vendor: 'github' | 'linear', signature: string): string {
  return `webhook:${vendor}:signature:${signature}`;
}

/** The 409 for a signed body already accepted under another delivery id. */
export function replayRefused(vendor: 'github' | 'linear', deliveryId: string): ClosError {
  return conflict(`${vendor} webhook refused: this body was already accepted under another delivery id (a replay)`, {
    deliveryId,
  });
}
