import { createHmac } from 'node:crypto';

/** Signs a body as Linear does for the `linear-signature` header: hex HMAC-SHA256 of the exact bytes. */
export function signLinearPayload(secret: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
