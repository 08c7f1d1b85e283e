import type pg from 'pg';
import type { PodScope } from '@clos/app';
import { summarizeEvent, type SummarizedEvent } from './event-summary.js';

/** The channel the `events` table's insert trigger notifies, with the highest new seq. */
export const EVENT_LOG_CHANNEL = 'clos_event_log';

/** One row of the event log as the stream sends it (the `data:` of an `activity` event). */
export interface ActivityEvent {
  id: string;
  seq: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  subject: SummarizedEvent['subject'];
  summary: string;
}

/** Where a subscriber's events go. */
export interface StreamSink {
  /** Writes one chunk of the `text/event-stream` body. */
  write(chunk: string): void;
  /** Ends the response (the hub is closing). */
  end(): void;
}

/** Options of {@link EventStreamHub}. */
export interface EventStreamHubOptions {
  pool: pg.Pool;
  /** How often subscribers look for new rows when no NOTIFY arrives (default 5 s): the fallback. */
  pollIntervalMs?: number;
  /** How often an idle stream gets a `: keepalive` comment (default 15 s). */
  keepaliveMs?: number;
  /** Rows fetched per query (default 200). */
  batchSize?: number;
  onError?(error: unknown): void;
  /** Told when the number of open streams changes. */
  onClients?(count: number): void;
}

interface Subscriber {
  pods: PodScope;
  lastSeq: bigint;
  sink: StreamSink;
  running: boolean;
  again: boolean;
}

/**
 * Fans the event log out to Server-Sent Events streams. One pooled connection LISTENs on
 * {@link EVENT_LOG_CHANNEL} while any stream is open; each NOTIFY (and a slow poll, in case
 * the LISTEN connection is lost) wakes every stream to send the rows after the last seq it
 * sent that its caller may see. A stream resumes after any seq (Last-Event-ID).
 */
export class EventStreamHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly pollIntervalMs: number;
  private readonly keepaliveMs: number;
  private readonly batchSize: number;
  private listener: pg.PoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly options: EventStreamHubOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.keepaliveMs = options.keepaliveMs ?? 15_000;
    this.batchSize = options.batchSize ?? 200;
  }

  /** Open streams. */
  get size(): number {
    return this.subscribers.size;
  }

  /** The highest seq of the log now (0 when empty): where a stream without Last-Event-ID starts. */
  async currentSeq(): Promise<bigint> {
    const { rows } = await this.options.pool.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM events');
    return BigInt(rows[0]?.seq ?? '0');
  }

  /**
   * Starts sending `sink` the events after `afterSeq` in `pods`, at once for those already
   * there. Returns the function that stops it (call it when the client goes away).
   */
  subscribe(input: { pods: PodScope; afterSeq: bigint; sink: StreamSink }): () => void {
    if (this.closed) {
      input.sink.end();
      return () => undefined;
    }
    const subscriber: Subscriber = { pods: input.pods, lastSeq: input.afterSeq, sink: input.sink, running: false, again: false };
    this.subscribers.add(subscriber);
    this.options.onClients?.(this.subscribers.size);
    this.start();
    void this.pump(subscriber);
    return () => this.remove(subscriber);
  }

  /** Ends every stream and stops listening; later subscriptions end at once. */
  async close(): Promise<void> {
    this.closed = true;
    for (const subscriber of [...this.subscribers]) {
      this.remove(subscriber);
      subscriber.sink.end();
    }
    await this.stop();
  }

  private remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    this.options.onClients?.(this.subscribers.size);
    if (this.subscribers.size === 0) void this.stop();
  }

  private wakeAll(): void {
    for (const subscriber of this.subscribers) void this.pump(subscriber);
  }

  private start(): void {
    if (this.timers.length > 0) return;
    this.timers = [
      setInterval(() => this.wakeAll(), this.pollIntervalMs),
      setInterval(() => {
        for (const subscriber of this.subscribers) subscriber.sink.write(': keepalive\n\n');
      }, this.keepaliveMs),
    ];
    for (const timer of this.timers) timer.unref();
    this.connecting ??= this.listen().finally(() => {
      this.connecting = undefined;
    });
  }

  private async listen(): Promise<void> {
    if (this.listener !== undefined) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.options.pool.connect();
      client.on('notification', (message) => {
        if (message.channel === EVENT_LOG_CHANNEL) this.wakeAll();
      });
      client.on('error', (error) => {
        this.options.onError?.(error);
        this.dropListener(client!, error);
      });
      await client.query(`LISTEN ${EVENT_LOG_CHANNEL}`);
      if (this.subscribers.size === 0 || this.closed) {
        this.dropListener(client);
        return;
      }
      this.listener = client;
      // Rows added before LISTEN took effect are fetched now.
      this.wakeAll();
    } catch (error) {
      this.options.onError?.(error);
      if (client !== undefined) this.dropListener(client, error);
    }
  }

  private dropListener(client: pg.PoolClient, error?: unknown): void {
    if (this.listener === client) this.listener = undefined;
    client.removeAllListeners('notification');
    try {
      client.release(error instanceof Error ? error : true);
    } catch {
      // Already released.
    }
  }

  private async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.connecting;
    const listener = this.listener;
    if (listener === undefined || this.subscribers.size > 0) return;
    this.listener = undefined;
    await listener.query(`UNLISTEN ${EVENT_LOG_CHANNEL}`).catch(() => undefined);
    this.dropListener(listener);
  }

  /** Sends a subscriber what it has not had yet; a wake-up during a send runs once more after it. */
  private async pump(subscriber: Subscriber): Promise<void> {
    if (subscriber.running) {
      subscriber.again = true;
      return;
    }
    subscriber.running = true;
    try {
      do {
        subscriber.again = false;
        let full = true;
        while (full && this.subscribers.has(subscriber)) {
          const rows = await this.fetch(subscriber);
          full = rows.length === this.batchSize;
          for (const row of rows) {
            if (!this.subscribers.has(subscriber)) return;
            subscriber.sink.write(`id: ${row.seq}\nevent: activity\ndata: ${JSON.stringify(row)}\n\n`);
            subscriber.lastSeq = BigInt(row.seq);
          }
        }
      } while (subscriber.again && this.subscribers.has(subscriber));
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      subscriber.running = false;
    }
  }

  private async fetch(subscriber: Subscriber): Promise<ActivityEvent[]> {
    const values: unknown[] = [subscriber.lastSeq.toString(), this.batchSize];
    let scope = 'TRUE';
    if (subscriber.pods !== 'all') {
      values.push(subscriber.pods);
      scope = 'pod_id = ANY($3::text[])';
    }
    const { rows } = await this.options.pool.query<{
      id: string;
      seq: string;
      type: string;
      occurred_at: Date;
      received_at: Date;
      subject: SummarizedEvent['subject'];
      payload: unknown;
    }>(
      `SELECT id, seq::text AS seq, type, occurred_at, received_at, subject, payload
         FROM events WHERE seq > $1::bigint AND ${scope} ORDER BY seq LIMIT $2`,
      values,
    );
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      type: r.type,
      occurredAt: r.occurred_at.toISOString(),
      receivedAt: r.received_at.toISOString(),
      subject: r.subject,
      summary: summarizeEvent(r),
    }));
  }
}
