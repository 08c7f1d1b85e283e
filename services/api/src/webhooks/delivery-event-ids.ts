import { hash } from 'node:crypto';

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

/**
 * A version-5-style UUID of `name`: stable, and unique for all practical purposes. The first
 * 16 bytes of its SHA-1, with the version nibble set to 5 and the variant bits to 10, written
 * from the hex digest (one call, no hash object: it runs for every event of every delivery).
 */
export function nameBasedUuid(name: string): string {
  const hex = hash('sha1', name, 'hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
