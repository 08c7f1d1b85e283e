import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The service name carried on every line (`api`, `processor`, `worker`, …). */
  service: string;
  level?: LevelWithSilent;
  /** Where lines go; stdout when omitted (tests pass a stream to read them). */
  destination?: DestinationStream;
}

/**
 * Keys whose values never reach a log line. Webhook handlers log headers and
 * request summaries; secrets must not follow them into the log store.
 */
export const REDACTED_PATHS = [
  'password',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.apiKey',
  '*.privateKey',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  "req.headers['x-hub-signature-256']",
  "req.headers['linear-signature']",
  "req.headers['x-slack-signature']",
];

/** A pino logger writing one JSON object per line, ISO timestamps, secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
}

/**
 * A child logger whose every line carries the correlation id, so the path of
 * one webhook can be followed through api, bus, processor and workflow.
 */
export function withCorrelation(logger: Logger, correlationId: string, bindings: Record<string, unknown> = {}): Logger {
  return logger.child({ ...bindings, correlationId });
}
