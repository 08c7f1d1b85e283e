import { createLogger, type Logger } from '@clos/platform';

/** How many warning lines are kept whole for the report; the rest are only counted by kind. */
const KEPT = 5;

/**
 * Collects what the api, processor, activities and Temporal warn about during a run, so a
 * figure reached while something was failing and retrying is reported as such, without the
 * log lines drowning the tables. `verbose` also echoes every line to stderr.
 */
export class Warnings {
  count = 0;
  readonly first: string[] = [];
  /** Warnings per `service: message`. */
  readonly byKind: Record<string, number> = {};

  constructor(private readonly verbose: boolean) {}

  /** A pino logger at level `warn` writing here. */
  logger(service: string): Logger {
    return createLogger({ service, level: 'warn', destination: { write: (line: string) => this.add(line.trim()) } });
  }

  /** The `(fields, message)` logger shape of the GitHub client and the activities. */
  fieldsLogger(service: string): { info(fields: Record<string, unknown>, message: string): void; warn(fields: Record<string, unknown>, message: string): void } {
    return {
      info: () => undefined,
      warn: (fields, message) => this.add(JSON.stringify({ service, msg: message, ...fields })),
    };
  }

  /** Records one warning line (JSON with `service` and `msg` when it can be read so). */
  add(line: string): void {
    this.count += 1;
    const kind = kindOf(line);
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    if (this.first.length < KEPT) this.first.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
    if (this.verbose) console.error(`warn: ${line}`);
  }
}

function kindOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { service?: unknown; msg?: unknown };
    return `${String(parsed.service ?? '?')}: ${withoutIds(String(parsed.msg ?? ''))}`;
  } catch {
    return withoutIds(line);
  }
}

/** A message with run ids, UUIDs and SHAs blanked, so repeats of one warning count as one kind. */
function withoutIds(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:\d+)*/gi, '…')
    .replace(/\b[0-9a-f]{40}\b/gi, '…')
    .slice(0, 160);
}
