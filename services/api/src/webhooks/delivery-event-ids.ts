import { createHash } from 'node:crypto';

/**
 * Event ids derived from the delivery: the n-th event of delivery `d` from `vendor` always
 * gets the same UUID (name-based, version 5 layout over SHA-1). A redelivered or concurrently
 * duplicated webhook therefore publishes the very same ids, which the outbox ignores and the
 * processor's Temporal update ids dedupe, so a duplicate changes nothing even when it races
 * the delivery-id claim.
 */
export function deliveryEventIds(vendor: 'github' | 'linear', deliveryId: string): () => string {
  let index = 0;
  return () => nameBasedUuid(`clos:${vendor}:${deliveryId}:${index++}`);
}

/** A version-5-style UUID of `name`: stable, and unique for all practical purposes. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
