import { PutEventsCommand, type PutEventsCommandOutput, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ClosError, invalidInput, type DomainEvent } from '@clos/domain';
import type { Logger } from 'pino';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { EventBus } from './ports.js';
import { validateEvents } from './validate-events.js';

/** The slice of the EventBridge client the bus uses (a stand-in can replace it in tests). */
export interface PutEventsClient {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

/** Options of {@link EventBridgeBus}. */
export interface EventBridgeBusOptions {
  client: PutEventsClient;
  /** EVENT_BUS_NAME. */
  busName: string;
  /** Tries per entry before publish fails (default 5). */
  maxAttempts?: number;
  /** Delay between tries of failed entries (default 100 ms doubling to 5 s). */
  backoff?: BackoffOptions;
  logger?: Logger;
}

/** PutEvents takes at most 10 entries and 256 KiB per request. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/** The EventBridge `source` of a CLOS event: `clos.<source>`, e.g. `clos.github`. */
export function eventBridgeSource(event: Pick<DomainEvent, 'source'>): string {
  return `clos.${event.source}`;
}

/** An entry's size as EventBridge counts it. */
function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined): number => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return 14 + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + bytes(entry.EventBusName);
}

/**
 * The AWS event bus: PutEvents with the whole envelope as `Detail`, the
 * event type as `DetailType` and `clos.<source>` as `Source`, so rules can
 * route by either. Requests carry at most 10 entries; entries EventBridge
 * rejects (throttling, internal errors) are retried alone with backoff, and
 * publish fails with Unavailable only when some are still rejected after
 * `maxAttempts`.
 */
export class EventBridgeBus implements EventBus {
  private readonly client: PutEventsClient;
  private readonly busName: string;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly logger: Logger | undefined;

  constructor(options: EventBridgeBusOptions) {
    this.client = options.client;
    this.busName = options.busName;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.backoff = options.backoff ?? { baseMs: 100, maxMs: 5_000 };
    this.logger = options.logger;
  }

  async publish(events: DomainEvent[]): Promise<void> {
    const entries = validateEvents(events).map((event, index) => {
      const entry: PutEventsRequestEntry = {
        EventBusName: this.busName,
        Source: eventBridgeSource(event),
        DetailType: event.type,
        Detail: JSON.stringify(event),
        Time: new Date(event.occurredAt),
      };
      if (entrySize(entry) > PUT_EVENTS_MAX_BYTES) {
        throw invalidInput(`events[${index}]: larger than EventBridge's 256 KiB limit`, { id: event.id });
      }
      return entry;
    });
    for (const batch of batches(entries)) await this.putWithRetry(batch);
  }

  private async putWithRetry(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    let lastErrors: { id: string; code: string; message: string }[] = [];
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      let output: PutEventsCommandOutput;
      try {
        output = await this.client.send(new PutEventsCommand({ Entries: pending }));
      } catch (error) {
        // The whole request failed (network, throttling beyond the SDK's own retries).
        lastErrors = pending.map((e) => ({ id: idOf(e), code: 'RequestFailed', message: (error as Error).message }));
        if (attempt < this.maxAttempts) await sleep(backoffDelay(attempt, this.backoff));
        continue;
      }
      if (!output.FailedEntryCount) return;
      const results = output.Entries ?? [];
      const failed: PutEventsRequestEntry[] = [];
      lastErrors = [];
      pending.forEach((entry, i) => {
        const result = results[i];
        if (!result || result.ErrorCode || !result.EventId) {
          failed.push(entry);
          lastErrors.push({ id: idOf(entry), code: result?.ErrorCode ?? 'Unknown', message: result?.ErrorMessage ?? '' });
        }
      });
      if (failed.length === 0) return;
      this.logger?.warn({ attempt, failed: lastErrors }, 'eventbridge: entries rejected, retrying them');
      pending = failed;
      if (attempt < this.maxAttempts) await sleep(backoffDelay(attempt, this.backoff));
    }
    throw new ClosError('Unavailable', `EventBridge rejected ${lastErrors.length} event(s) after ${this.maxAttempts} tries`, {
      failed: lastErrors,
    });
  }
}

function idOf(entry: PutEventsRequestEntry): string {
  return (JSON.parse(entry.Detail ?? '{}') as { id?: string }).id ?? '?';
}

/** Splits entries into requests of at most 10 entries and 256 KiB. */
function* batches(entries: PutEventsRequestEntry[]): Generator<PutEventsRequestEntry[]> {
  let current: PutEventsRequestEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    const s = entrySize(entry);
    if (current.length === PUT_EVENTS_MAX_ENTRIES || size + s > PUT_EVENTS_MAX_BYTES) {
      yield current;
      current = [];
      size = 0;
    }
    current.push(entry);
    size += s;
  }
  if (current.length > 0) yield current;
}
