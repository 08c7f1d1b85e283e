import type { IncomingMessage } from 'node:http';
import { types } from 'node:util';
import { errorCodes, type FastifyInstance } from 'fastify';
import { invalidInput, type JsonFields } from '@clos/domain';
import { decodeJsonFields } from './decode-json-fields.js';

/** Largest webhook body accepted. GitHub caps payloads at 25 MB; anything near that is not for us. */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * Makes every route of `scope` receive its body as the exact bytes sent: signatures are
 * computed over those bytes, and re-serialised JSON would not match them. Parsing happens
 * after verification, in {@link decodeWebhookBody}. Registered inside an encapsulated
 * plugin, so the rest of the api keeps fastify's JSON parser.
 *
 * The body is read by {@link readRawBody}, not by fastify's `parseAs: 'buffer'`: with the
 * same limits and answers, a bare fastify server loaded with 20.8 KB deliveries spent about
 * 115–130 µs of CPU a request on its buffer path against about 50 µs with this reader
 * (64 connections; ADR 0038).
 */
export function keepRawBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (request, payload, done) => readRawBody(request.headers['content-length'], payload, WEBHOOK_BODY_LIMIT, done));
}

/**
 * Reads a request body into one Buffer of its own: a body that arrived in one chunk is that
 * chunk when the chunk is the whole of its memory (no other bytes share it); anything else
 * is copied, so it is never a view over a buffer the connection may reuse. As fastify
 * answers: a declared or received length over `limit` is 413 (the rest is not read), a body
 * shorter or longer than its Content-Length 400, a broken stream 400.
 */
export function readRawBody(
  contentLength: string | undefined,
  payload: IncomingMessage,
  limit: number,
  done: (error: Error | null, body?: Buffer) => void,
): void {
  const declared = Number(contentLength);
  if (declared > limit) {
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const stop = (): void => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
  };
  function onData(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    received += bytes.length;
    if (received > limit) {
      stop();
      done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    chunks.push(bytes);
  }
  function onEnd(error?: Error & { statusCode?: number }): void {
    stop();
    if (error !== undefined) {
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      done(error);
      return;
    }
    if (!Number.isNaN(declared) && received !== declared) {
      done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      return;
    }
    const only = chunks.length === 1 ? chunks[0]! : undefined;
    done(null, only !== undefined && ownsItsMemory(only) ? only : Buffer.concat(chunks, received));
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  // A 'data' listener alone does not restart a stream paused before the body is read: without
  // this, such a request never completes (`npm run chaos` found one in every run).
  payload.resume();
}

/**
 * Frees a body's bytes now, once verified and decoded. A body's memory lives outside the
 * JavaScript heap, and V8 answers a fast-growing total of such memory with a full garbage
 * collection: at a few thousand 20 KB deliveries a second, the api spent a quarter of its
 * time in them (ADR 0038). Only a Buffer that owns all of its memory is freed (small
 * bodies copied together from several chunks share Node's buffer pool and are not); the
 * bytes read as empty afterwards.
 */
export function releaseRawBody(body: Buffer): void {
  if (!ownsItsMemory(body)) return;
  const memory = body.buffer as ArrayBuffer & { readonly detached?: boolean; transfer?(length: number): ArrayBuffer };
  try {
    if (memory.detached !== true) memory.transfer?.(0);
  } catch {
    // Memory the runtime keeps (not detachable) is left to the collector.
  }
}

/** Whether `bytes` is the whole of an ArrayBuffer (not a view into a shared or pooled one). */
function ownsItsMemory(bytes: Buffer): boolean {
  return bytes.byteOffset === 0 && types.isArrayBuffer(bytes.buffer) && bytes.buffer.byteLength === bytes.length && bytes.length > 0;
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
 * unreadable is `InvalidInput` saying why, which the route answers with 400. Given the
 * `fields` the mapping reads, a JSON body is decoded for those only
 * ({@link decodeJsonFields}: the same answer without building the rest of the document).
 */
export function decodeWebhookBody(raw: Buffer, contentType: string | undefined, fields?: JsonFields): unknown {
  if (raw.length === 0) throw invalidInput('request body is empty; expected a JSON webhook payload');
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const form = type === 'application/x-www-form-urlencoded';
  let parsed: unknown;
  try {
    if (form) {
      const payload = new URLSearchParams(raw.toString('utf8')).get('payload');
      if (payload === null) throw invalidInput('form-encoded body has no "payload" field');
      parsed = JSON.parse(payload);
    } else {
      parsed = fields === undefined ? JSON.parse(raw.toString('utf8')) : decodeJsonFields(raw, fields);
    }
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw invalidInput(`request body is not valid JSON: ${error.message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput('request body must be a JSON object');
  }
  return parsed;
}
