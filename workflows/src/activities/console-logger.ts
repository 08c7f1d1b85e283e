import type { ActivityLogger } from './ports.js';

/** One JSON line per entry; the default when no logger is given. */
export const consoleActivityLogger: ActivityLogger = {
  info: (fields, message) => console.info(JSON.stringify({ level: 'info', msg: message, ...fields })),
  warn: (fields, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })),
};
