import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

/**
 * The little the Slack adapters need from a logger. Shaped like pino's `(fields, message)`
 * so the platform logger can be passed as is.
 */
export interface SlackLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Writes one JSON line per entry; the default when no logger is given. */
export const consoleSlackLogger: SlackLogger = {
  info: (fields, message) => console.info(JSON.stringify({ level: 'info', msg: message, ...fields })),
  warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
  error: (fields, message) => console.error(JSON.stringify({ level: 'error', msg: message, ...fields })),
};

/** A logger that drops everything (tests, dry runs). */
export const silentSlackLogger: SlackLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Bolt's logger interface over a {@link SlackLogger}; Bolt's debug chatter is dropped. */
export function toBoltLogger(logger: SlackLogger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => logger.info({ vendor: 'slack' }, text(msg)),
    warn: (...msg: unknown[]) => logger.warn({ vendor: 'slack' }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ vendor: 'slack' }, text(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
