import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue, SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, type SlackHeaders } from './slack-headers.js';

/** How far the signed timestamp may be from now before a request counts as a replay. */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Why a request was refused; `ok: true` means it is authentic and fresh. */
export type SlackSignatureResult =
  | { ok: true; timestamp: number }
  | {
      ok: false;
      reason: 'no_secret' | 'missing_signature' | 'malformed_signature' | 'missing_timestamp' | 'stale_timestamp' | 'signature_mismatch';
      message: string;
    };

/** Input of {@link verifySlackSignature}: the raw bytes exactly as received, before any parsing. */
export interface VerifySlackSignatureInput {
  signingSecret: string;
  rawBody: string | Uint8Array;
  headers: SlackHeaders;
  /** The current time (a Date or epoch milliseconds). */
  now: Date | number;
  /** Accepted clock distance in seconds; default five minutes. */
  toleranceSeconds?: number;
}

const SIGNATURE_FORMAT = /^v0=([0-9a-f]{64})$/i;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/**
 * Verifies Slack's v0 request signature: `X-Slack-Signature` must be `v0=` followed by the
 * hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret (constant-time
 * compare), and `X-Slack-Request-Timestamp` within five minutes of `now` either way, which
 * stops replays. Pure: the clock is an argument. (Bolt's `verifySlackRequest` reads the
 * clock itself and accepts timestamps from the future, so it is not used here.)
 */
export function verifySlackSignature(input: VerifySlackSignatureInput): SlackSignatureResult {
  const { signingSecret, rawBody, headers } = input;
  if (signingSecret.length === 0) return { ok: false, reason: 'no_secret', message: 'no Slack signing secret is configured' };
  const signature = headerValue(headers, SLACK_SIGNATURE_HEADER)?.trim();
  if (signature === undefined || signature === '') {
    return { ok: false, reason: 'missing_signature', message: 'X-Slack-Signature header is missing' };
  }
  const match = SIGNATURE_FORMAT.exec(signature);
  if (match?.[1] === undefined) {
    return { ok: false, reason: 'malformed_signature', message: 'X-Slack-Signature must be "v0=" followed by 64 hex digits' };
  }
  const stamp = headerValue(headers, SLACK_TIMESTAMP_HEADER)?.trim();
  if (stamp === undefined || !TIMESTAMP_FORMAT.test(stamp)) {
    return { ok: false, reason: 'missing_timestamp', message: 'X-Slack-Request-Timestamp header is missing or not Unix seconds' };
  }
  const timestamp = Number(stamp);
  const nowSeconds = Math.floor((typeof input.now === 'number' ? input.now : input.now.getTime()) / 1000);
  const tolerance = input.toleranceSeconds ?? SLACK_TIMESTAMP_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    return {
      ok: false,
      reason: 'stale_timestamp',
      message: `X-Slack-Request-Timestamp is more than ${tolerance / 60} minutes away from the server clock`,
    };
  }
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const expected = createHmac('sha256', signingSecret).update(`v0:${stamp}:`).update(body).digest();
  // Both are 32 bytes by construction, so timingSafeEqual never throws on length.
  if (!timingSafeEqual(Buffer.from(match[1], 'hex'), expected)) {
    return { ok: false, reason: 'signature_mismatch', message: 'X-Slack-Signature does not match the body' };
  }
  return { ok: true, timestamp };
}

/**
 * The headers Slack would send with `rawBody` at `timestamp` (Unix seconds): for tests and
 * local tools that stand in for Slack.
 */
export function signSlackRequest(input: { signingSecret: string; rawBody: string; timestamp: number }): {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
} {
  const digest = createHmac('sha256', input.signingSecret).update(`v0:${input.timestamp}:${input.rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(input.timestamp) };
}
