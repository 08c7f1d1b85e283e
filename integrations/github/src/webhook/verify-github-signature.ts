import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue, type WebhookHeaders } from './headers.js';

/** The header GitHub signs deliveries with (HMAC-SHA256 of the raw body, hex, `sha256=` prefix). */
export const GITHUB_SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * Why a delivery was refused; `ok: true` means the body came from someone holding the
 * secret, and `signature` is its verified HMAC (lowercase hex): unique to those bytes, so it
 * names them for replay detection without hashing the body again.
 */
export type GithubSignatureResult =
  | { ok: true; signature: string }
  | {
      ok: false;
      reason: 'no_secret' | 'missing_signature' | 'malformed_signature' | 'signature_mismatch';
      message: string;
    };

/** Input of {@link verifyGithubSignature}: the raw bytes exactly as received, before any JSON parsing. */
export interface VerifyGithubSignatureInput {
  /**
   * The secret, or every secret accepted at once while one is being rotated: the body is
   * genuine when its signature matches any of them. Empty strings are ignored.
   */
  secret: string | readonly string[];
  rawBody: string | Uint8Array;
  headers: WebhookHeaders;
}

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks `X-Hub-Signature-256` against the raw body with a constant-time compare.
 * Pure: no clock, no I/O; the caller answers 401 on any `ok: false`.
 */
export function verifyGithubSignature({ secret, rawBody, headers }: VerifyGithubSignatureInput): GithubSignatureResult {
  const secrets = (typeof secret === 'string' ? [secret] : secret).filter((s) => s.length > 0);
  if (secrets.length === 0) {
    return { ok: false, reason: 'no_secret', message: 'no GitHub webhook secret is configured' };
  }
  const header = headerValue(headers, GITHUB_SIGNATURE_HEADER);
  if (header === undefined || header.trim() === '') {
    return { ok: false, reason: 'missing_signature', message: 'X-Hub-Signature-256 header is missing' };
  }
  const match = SIGNATURE_FORMAT.exec(header.trim());
  if (match?.[1] === undefined) {
    return {
      ok: false,
      reason: 'malformed_signature',
      message: 'X-Hub-Signature-256 must be "sha256=" followed by 64 hex digits',
    };
  }
  const given = Buffer.from(match[1], 'hex');
  // Every secret is compared (no early exit), so the time taken says nothing about which matched.
  let matched = false;
  for (const candidate of secrets) {
    const expected = createHmac('sha256', candidate).update(rawBody).digest();
    // Both are 32 bytes by construction, so timingSafeEqual never throws on length.
    if (timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) {
    return { ok: false, reason: 'signature_mismatch', message: 'X-Hub-Signature-256 does not match the body' };
  }
  return { ok: true, signature: match[1].toLowerCase() };
}
