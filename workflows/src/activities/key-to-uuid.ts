import { createHash } from 'node:crypto';

/**
 * A UUID derived from an idempotency key (name-based, SHA-1, RFC 9562 version 5 layout):
 * the same key always gives the same row id, so a retried insert hits the primary key.
 */
export function keyToUuid(key: string): string {
  const bytes = createHash('sha1').update(`clos:${key}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
