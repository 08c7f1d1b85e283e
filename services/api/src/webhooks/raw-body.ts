import type { FastifyInstance } from 'fastify';
import { invalidInput } from '@clos/domain';

/** Largest webhook body accepted. GitHub caps payloads at 25 MB; anything near that is not for us. */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * Makes every route of `scope` receive its body as the exact bytes sent: signatures are
 * computed over those bytes, and re-serialised JSON would not match them. Parsing happens
 * after verification, in {@link decodeWebhookBody}. Registered inside an encapsulated
 * plugin, so the rest of the api keeps fastify's JSON parser.
 */
export function keepRawBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });
}

/** The request body as bytes; an absent body is empty. */
export function rawBodyOf(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.alloc(0);
}

/**
 * Parses a verified webhook body. JSON is the norm; GitHub webhooks configured with
 * `application/x-www-form-urlencoded` carry the same JSON in a `payload` field. Anything
 * unreadable is `InvalidInput` saying why, which the route answers with 400.
 */
export function decodeWebhookBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) throw invalidInput('request body is empty; expected a JSON webhook payload');
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let text = raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null) throw invalidInput('form-encoded body has no "payload" field');
    text = payload;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput('request body must be a JSON object');
  }
  return parsed;
}
