import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController } from 'fastify';

/** The header a caller may set to carry its own correlation id; echoed on every answer. */
export const CORRELATION_HEADER = 'x-correlation-id';

const ACCEPTABLE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && ACCEPTABLE.test(value) ? value : undefined;
}

/**
 * The correlation id of a request: the one the webhook's events will carry
 * (`github:<delivery>`, `linear:<delivery>`), else the caller's `X-Correlation-Id` when it
 * is a sane token, else a new UUID. Used as fastify's request id, so every log line of
 * the request carries it — the same id the events, the processor and the workflows log.
 */
export function correlationIdOf(request: IncomingMessage): string {
  const github = header(request, 'x-github-delivery');
  if (github !== undefined) return `github:${github}`;
  const linear = header(request, 'linear-delivery');
  if (linear !== undefined) return `linear:${linear}`;
  return header(request, CORRELATION_HEADER) ?? randomUUID();
}

/** Fastify server options that make the correlation id the request id, logged as `correlationId`. */
export function correlationIdOptions() {
  return { genReqId: correlationIdOf, logController: new LogController({ requestIdLogLabel: 'correlationId' }) };
}
