/**
 * The little the GitHub adapters need from a logger. Shaped like pino's `(fields, message)`
 * so the platform logger can be passed as is.
 */
export interface IntegrationLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Writes one JSON line per entry to stdout; the default when no logger is given. */
export const consoleLogger: IntegrationLogger = {
  info: (fields, message) => console.info(JSON.stringify({ level: 'info', msg: message, ...fields })),
  warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
};
