import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue, type WebhookHeaders } from './headers.js';

/** The header Linear signs deliveries with: hex HMAC-SHA256 of the raw body. */
export const LINEAR_SIGNATURE_HEADER = 'linear-signature';
/** The header carrying Linear's delivery id (the dedupe key). */
export const LINEAR_DELIVERY_HEADER = 'linear-delivery';
/** How far `webhookTimestamp` may be from now before a delivery counts as a replay. */
export const LINEAR_TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

/** Why a delivery was refused; `ok: true` means it is authentic and fresh. */
export type LinearSignatureResult =
  | { ok: true; webhookTimestamp: number }
  | {
      ok: false;
      reason:
        | 'no_secret'
        | 'missing_signature'
        | 'malformed_signature'
        | 'signature_mismatch'
        | 'malformed_body'
        | 'missing_timestamp'
        | 'stale_timestamp';
      message: string;
    };

/** Input of {@link verifyLinearSignature}. */
export interface VerifyLinearSignatureInput {
  secret: string;
  /** The body bytes exactly as received. */
  rawBody: string | Uint8Array;
  headers: WebhookHeaders;
  /** The current time (a Date or epoch milliseconds). */
  now: Date | number;
  /** Accepted clock distance; default five minutes. */
  toleranceMs?: number;
}

const SIGNATURE_FORMAT = /^[0-9a-f]{64}$/i;

/**
 * Verifies a Linear delivery: `linear-signature` must be the HMAC-SHA256 (hex) of the raw
 * body under the webhook secret (constant-time compare), and the signed body's
 * `webhookTimestamp` (epoch ms) must be within five minutes of `now`, which stops replays.
 * Pure; the clock is an argument. (`LinearWebhookClient` from the SDK reads the system
 * clock and hard-codes a one-minute window, so it cannot be used as a pure check.)
 */
export function verifyLinearSignature(input: VerifyLinearSignatureInput): LinearSignatureResult {
  const { secret, rawBody, headers } = input;
  if (secret.length === 0) return { ok: false, reason: 'no_secret', message: 'no Linear webhook secret is configured' };
  const header = headerValue(headers, LINEAR_SIGNATURE_HEADER)?.trim();
  if (header === undefined || header === '') {
    return { ok: false, reason: 'missing_signature', message: 'Linear-Signature header is missing' };
  }
  if (!SIGNATURE_FORMAT.test(header)) {
    return { ok: false, reason: 'malformed_signature', message: 'Linear-Signature must be 64 hex digits' };
  }
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  if (!timingSafeEqual(Buffer.from(header, 'hex'), expected)) {
    return { ok: false, reason: 'signature_mismatch', message: 'Linear-Signature does not match the body' };
  }

  let body: unknown;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed_body', message: 'the body is not JSON' };
  }
  const timestamp = typeof body === 'object' && body !== null ? (body as { webhookTimestamp?: unknown }).webhookTimestamp : undefined;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return { ok: false, reason: 'missing_timestamp', message: 'webhookTimestamp (epoch milliseconds) is missing from the body' };
  }
  const nowMs = typeof input.now === 'number' ? input.now : input.now.getTime();
  const tolerance = input.toleranceMs ?? LINEAR_TIMESTAMP_TOLERANCE_MS;
  if (Math.abs(nowMs - timestamp) > tolerance) {
    return {
      ok: false,
      reason: 'stale_timestamp',
      message: `webhookTimestamp is ${Math.round((nowMs - timestamp) / 1000)} s from now; more than ${tolerance / 1000} s is refused`,
    };
  }
  return { ok: true, webhookTimestamp: timestamp };
}
