import { parseDomainEvent, type DomainEvent } from '@clos/domain';
import type pg from 'pg';
import type { Logger } from 'pino';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff.js';
import { OUTBOX_CHANNEL } from './outbox-bus.js';
import type { EventConsumer, EventHandler } from './ports.js';

/** Options of {@link OutboxConsumer}. */
export interface OutboxConsumerOptions {
  /**
   * The pool to claim and settle events with. One of its connections is held
   * for LISTEN, so give it more than `concurrency` + 1 connections.
   */
  pool: pg.Pool;
  /** Handlers running at once (default 4). */
  concurrency?: number;
  /** Tries before an event is parked as 'dead' (default 5), unless `retryForMs` is given. */
  maxAttempts?: number;
  /**
   * The event's time to live, from when it was received, in ms. When given, a failing
   * handler is retried with backoff for as long as the event is younger than this (a
   * vendor outage of hours loses nothing) and only then parked as 'dead'; `maxAttempts`
   * then only stops an event whose consumers keep dying, once it is also past its TTL.
   */
  retryForMs?: number;
  /** How often to look for ready events when no NOTIFY arrives, in ms (default 1000). */
  pollIntervalMs?: number;
  /**
   * How long a claim lasts before another consumer may take the event over,
   * in ms (default 60 s). Renewed while the handler runs, so it only runs out
   * when this consumer died.
   */
  leaseMs?: number;
  /** Delay between tries of a failing event. */
  backoff?: BackoffOptions;
  logger?: Logger;
}

interface ClaimedRow {
  id: string;
  seq: string;
  type: string;
  source: string;
  occurred_at: Date;
  received_at: Date;
  delivery_id: string;
  correlation_id: string;
  subject: unknown;
  payload: unknown;
  attempts: number;
}

/**
 * Claims up to $1 events for $2 ms: ready rows and expired leases, oldest first.
 * Each comes from its own partial index and the two are merged, so a claim costs
 * the same with a backlog of millions; one OR over both would sort the whole
 * backlog on every claim.
 */
export const CLAIM_EVENTS_SQL = `WITH ready AS (
    SELECT id, available_at, seq FROM events
    WHERE status = 'pending' AND available_at <= now()
    ORDER BY available_at, seq
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ), expired AS (
    SELECT id, available_at, seq FROM events
    WHERE status = 'processing' AND locked_until <= now()
    ORDER BY locked_until
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ), next AS (
    SELECT id FROM (SELECT * FROM ready UNION ALL SELECT * FROM expired) AS candidates
    ORDER BY available_at, seq
    LIMIT $1
  )
  UPDATE events e
  SET status = 'processing', attempts = e.attempts + 1,
      locked_until = now() + $2::int * interval '1 millisecond'
  FROM next WHERE e.id = next.id
  RETURNING e.id, e.seq, e.type, e.source, e.occurred_at, e.received_at, e.delivery_id,
            e.correlation_id, e.subject, e.payload, e.attempts`;

const MAX_ERROR_LENGTH = 4_000;

function describeError(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

/**
 * Drains the `events` outbox. Each event is claimed with
 * `FOR UPDATE SKIP LOCKED` and leased to one consumer, so consumers in any
 * number of processes never handle the same event at once. Delivery is at
 * least once: a failed handler's event is retried with exponential backoff,
 * an expired lease (a crashed consumer) hands the event to another, and after
 * `maxAttempts` tries the event is parked as 'dead' with its last error while
 * the others keep flowing. LISTEN/NOTIFY wakes the consumer at once; a poll
 * interval covers missed notifications and retries coming due.
 */
export class OutboxConsumer implements EventConsumer {
  private readonly pool: pg.Pool;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly retryForMs: number | undefined;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffOptions;
  private readonly logger: Logger | undefined;

  private handler: EventHandler | undefined;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private readonly inFlight = new Map<string, { attempts: number; done: Promise<void> }>();
  private wakeWaiter: (() => void) | undefined;
  private wakePending = false;
  private listener: pg.PoolClient | undefined;
  private listening: Promise<void> | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private readonly stopSignal = new AbortController();
  private stopping: Promise<void> | undefined;

  constructor(options: OutboxConsumerOptions) {
    this.pool = options.pool;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.retryForMs = options.retryForMs === undefined ? undefined : Math.max(0, options.retryForMs);
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.logger = options.logger;
  }

  start(handler: EventHandler): void {
    if (this.handler) throw new Error('OutboxConsumer.start: already started');
    this.handler = handler;
    this.running = true;
    this.listening = this.listen();
    this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.loopDone = this.loop();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopSignal.abort();
    this.wake();
    await this.loopDone;
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
    clearInterval(this.leaseTimer);
    await this.listening;
    const listener = this.listener;
    this.listener = undefined;
    if (listener) {
      await listener.query(`UNLISTEN ${OUTBOX_CHANNEL}`).catch(() => undefined);
      listener.release();
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const free = this.concurrency - this.inFlight.size;
        if (free > 0) {
          const rows = await this.claim(free);
          for (const row of rows) this.dispatch(row);
          // A full batch suggests more are ready: claim again as soon as a slot frees.
          if (rows.length === free) continue;
        }
      } catch (error) {
        this.logger?.error({ err: error }, 'outbox: claiming events failed');
      }
      await this.waitForWake(this.pollIntervalMs);
    }
  }

  private async claim(limit: number): Promise<ClaimedRow[]> {
    const { rows } = await this.pool.query<ClaimedRow>(CLAIM_EVENTS_SQL, [limit, this.leaseMs]);
    return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
  }

  private dispatch(row: ClaimedRow): void {
    const done = this.process(row).finally(() => {
      this.inFlight.delete(row.id);
      this.wake();
    });
    this.inFlight.set(row.id, { attempts: row.attempts, done });
  }

  /** Runs the handler for one claimed event and records the outcome; never rejects. */
  private async process(row: ClaimedRow): Promise<void> {
    const log = this.logger?.child({ eventId: row.id, eventType: row.type, correlationId: row.correlation_id });
    try {
      if (row.attempts > this.maxAttempts && this.pastTtl(row)) {
        // Its consumers kept dying mid-handler: stop handing it out.
        await this.settleFailure(row, new Error(`lease expired on each of ${this.maxAttempts} tries`), true, log);
        return;
      }
      let event: DomainEvent;
      try {
        event = parseDomainEvent({
          id: row.id,
          type: row.type,
          source: row.source,
          occurredAt: row.occurred_at.toISOString(),
          receivedAt: row.received_at.toISOString(),
          deliveryId: row.delivery_id,
          correlationId: row.correlation_id,
          subject: row.subject,
          payload: row.payload,
        });
      } catch (error) {
        // A row that does not parse never will: no point retrying it.
        await this.settleFailure(row, error, true, log);
        return;
      }
      try {
        await this.handler!(event);
      } catch (error) {
        await this.settleFailure(row, error, false, log);
        return;
      }
      await this.pool.query(
        `UPDATE events SET status = 'done', processed_at = now(), locked_until = NULL, last_error = NULL
         WHERE id = $1 AND status = 'processing' AND attempts = $2`,
        [row.id, row.attempts],
      );
    } catch (error) {
      // Settling failed (database unreachable): the lease runs out and the
      // event is delivered again, which at-least-once allows.
      log?.error({ err: error }, 'outbox: recording the outcome of an event failed');
    }
  }

  private async settleFailure(row: ClaimedRow, error: unknown, final: boolean, log: Logger | undefined): Promise<void> {
    const dead = final || (this.retryForMs === undefined ? row.attempts >= this.maxAttempts : this.pastTtl(row));
    const delayMs = dead ? 0 : backoffDelay(row.attempts, this.backoff);
    await this.pool.query(
      `UPDATE events
       SET status = $3, available_at = CASE WHEN $3 = 'pending' THEN now() + $4::int * interval '1 millisecond' ELSE available_at END,
           locked_until = NULL, last_error = $5
       WHERE id = $1 AND status = 'processing' AND attempts = $2`,
      [row.id, row.attempts, dead ? 'dead' : 'pending', delayMs, describeError(error)],
    );
    if (dead) {
      log?.error({ err: error, attempts: row.attempts }, 'outbox: event is dead after its last try');
    } else {
      log?.warn({ err: error, attempts: row.attempts, retryInMs: delayMs }, 'outbox: handler failed, will retry');
    }
  }

  /** Whether the event has outlived `retryForMs` (always, without one: tries alone decide). */
  private pastTtl(row: ClaimedRow): boolean {
    return this.retryForMs === undefined || Date.now() >= row.received_at.getTime() + this.retryForMs;
  }

  /** Extends the lease of every event still being handled here. */
  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const ids = [...this.inFlight.keys()];
    const attempts = ids.map((id) => this.inFlight.get(id)?.attempts ?? 0);
    try {
      await this.pool.query(
        `UPDATE events e SET locked_until = now() + $3::int * interval '1 millisecond'
         FROM unnest($1::uuid[], $2::int[]) AS f(id, attempts)
         WHERE e.id = f.id AND e.attempts = f.attempts AND e.status = 'processing'`,
        [ids, attempts, this.leaseMs],
      );
    } catch (error) {
      this.logger?.warn({ err: error }, 'outbox: renewing leases failed');
    }
  }

  /** Holds a connection LISTENing on the outbox channel, reconnecting when it drops. */
  private async listen(): Promise<void> {
    while (this.running && !this.listener) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        const connected = client;
        connected.on('notification', () => this.wake());
        connected.on('error', (error) => this.dropListener(connected, error));
        await connected.query(`LISTEN ${OUTBOX_CHANNEL}`);
        this.listener = connected;
        // Anything published before LISTEN took effect is picked up now.
        this.wake();
      } catch (error) {
        client?.release(error instanceof Error ? error : true);
        this.logger?.warn({ err: error }, 'outbox: LISTEN failed, polling until it reconnects');
        await sleep(this.pollIntervalMs, this.stopSignal.signal);
      }
    }
  }

  private dropListener(client: pg.PoolClient, error: Error): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.release(error);
    this.logger?.warn({ err: error }, 'outbox: LISTEN connection lost');
    if (this.running) this.listening = this.listen();
  }

  private wake(): void {
    if (this.wakeWaiter) this.wakeWaiter();
    else this.wakePending = true;
  }

  private waitForWake(ms: number): Promise<void> {
    if (this.wakePending || !this.running) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        if (this.wakeWaiter === finish) this.wakeWaiter = undefined;
        this.wakePending = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeWaiter = finish;
    });
  }
}
