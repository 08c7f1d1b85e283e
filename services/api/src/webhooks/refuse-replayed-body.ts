import { createHash } from 'node:crypto';
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
 * which the delivery-id dedupe would not recognise. The body's digest is claimed for its
 * delivery id before anything is published: the same delivery retried (after a bus
 * failure, or as GitHub's redelivery) passes, another id carrying the same bytes does not.
 */
export async function refuseReplayedBody(
  deps: ReplayGuardDependencies,
  vendor: 'github',
  deliveryId: string,
  rawBody: string | Uint8Array,
): Promise<void> {
  const digest = createHash('sha256').update(rawBody).digest('hex');
  const holder = await deps.idempotency.claimAs(`webhook:${vendor}:body:${digest}`, deliveryId, DELIVERY_TTL_DAYS);
  if (holder === deliveryId) return;
  deps.logger?.warn({ deliveryId, acceptedAs: holder }, 'webhook: replayed body refused');
  throw replayRefused(vendor, deliveryId);
}

/** The 409 for a signed body already accepted under another delivery id. */
export function replayRefused(vendor: 'github' | 'linear', deliveryId: string): ClosError {
  return conflict(`${vendor} webhook refused: this body was already accepted under another delivery id (a replay)`, {
    deliveryId,
  });
}
