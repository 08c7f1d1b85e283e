import { randomUUID } from 'node:crypto';
import type { DeliveryIntake, DeliveryToAccept, IntakeOutcome } from './delivery-intake.js';
import { OUTBOX_CHANNEL } from './outbox-bus.js';
import { validateEvents } from './validate-events.js';

/** Where the intake writes: a pool (it runs one named, prepared statement). */
export interface PreparedQueryable {
  query<R extends object>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  query(text: string): Promise<unknown>;
}

/** Options of {@link OutboxDeliveryIntake}. */
export interface OutboxDeliveryIntakeOptions {
  db: PreparedQueryable;
  /** Most deliveries one statement takes (default 64). */
  maxBatch?: number;
  /**
   * Statements in flight at once (default 1): more deliveries wait and go in the next. One
   * makes the batches twice as large as two and the same machine acknowledges about a fifth
   * more deliveries a second: Postgres spends about 0.3 ms on a statement whatever it carries.
   */
  maxInFlight?: number;
  /** How often claims long past their expiry are deleted (default hourly). */
  pruneEveryMs?: number;
  onPruneError?(error: unknown): void;
}

interface Pending {
  delivery: DeliveryToAccept;
  /** Tells this request's claim of the delivery id from any other's. */
  nonce: string;
  resolve(outcome: IntakeOutcome): void;
  reject(error: unknown): void;
}

/**
 * Claims of body and delivery, then the events of the deliveries that won both, in one
 * statement and so one transaction: a delivery is accepted with its events in the log or
 * not at all. The body is claimed first — the same bytes under another delivery id are a
 * replay and claim nothing else — then the delivery id (a claim past its expiry is taken
 * over). `ON CONFLICT … DO UPDATE` returns the row a concurrent writer committed, so the
 * holder read back is the one in force whoever won.
 */
const ACCEPT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(d int, delivery_key text, nonce text, body_key text, holder text, ttl_days int)
), body AS (
  INSERT INTO delivery_claims AS c (key, holder, expires_at)
  SELECT body_key, holder, now() + make_interval(days => ttl_days) FROM input WHERE body_key IS NOT NULL
  ON CONFLICT (key) DO UPDATE
    SET holder = CASE WHEN c.expires_at <= now() THEN EXCLUDED.holder ELSE c.holder END,
        expires_at = CASE WHEN c.expires_at <= now() OR c.holder = EXCLUDED.holder THEN EXCLUDED.expires_at ELSE c.expires_at END
  RETURNING key, holder
), cleared AS (
  SELECT i.* FROM input i LEFT JOIN body b ON b.key = i.body_key
  WHERE i.body_key IS NULL OR b.holder = i.holder
), delivery AS (
  INSERT INTO delivery_claims AS c (key, holder, expires_at)
  SELECT delivery_key, nonce, now() + make_interval(days => ttl_days) FROM cleared
  ON CONFLICT (key) DO UPDATE
    SET holder = CASE WHEN c.expires_at <= now() THEN EXCLUDED.holder ELSE c.holder END,
        expires_at = CASE WHEN c.expires_at <= now() THEN EXCLUDED.expires_at ELSE c.expires_at END
  RETURNING key, holder
), accepted AS (
  SELECT cl.d FROM cleared cl JOIN delivery k ON k.key = cl.delivery_key AND k.holder = cl.nonce
), inserted AS (
  INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload)
  SELECT x.id, x.type, x.source, x.occurred_at, x.received_at, x.delivery_id, x.correlation_id, x.subject, x.payload
    FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(doc, ord),
         jsonb_to_record(e.doc) AS x(d int, id uuid, type text, source text, occurred_at timestamptz, received_at timestamptz,
                                     delivery_id text, correlation_id text, subject jsonb, payload jsonb)
   WHERE x.d IN (SELECT d FROM accepted)
   ORDER BY e.ord
  ON CONFLICT (id) DO NOTHING
  RETURNING 1
)
SELECT i.d, b.holder AS body_holder, i.d IN (SELECT d FROM accepted) AS accepted,
       (SELECT count(*) FROM (SELECT pg_notify($3, '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_inserted) AS n) AS notified
  FROM input i LEFT JOIN body b ON b.key = i.body_key`;

/**
 * The local bus's intake (ADR 0027): one statement per batch claims and writes to the
 * outbox, so a delivery costs one round trip and one commit, shared with whichever
 * deliveries arrived meanwhile (group commit): while a statement runs, arrivals queue and
 * go together in the next. Deliveries that share a key never go in one statement (a
 * statement may not touch a row twice); the later waits for the next.
 */
export class OutboxDeliveryIntake implements DeliveryIntake {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly pruneEveryMs: number;
  private lastPrune = 0;

  constructor(private readonly options: OutboxDeliveryIntakeOptions) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 1;
    this.pruneEveryMs = options.pruneEveryMs ?? 60 * 60_000;
  }

  accept(delivery: DeliveryToAccept): Promise<IntakeOutcome> {
    // A malformed event is refused here, before it can share a statement with others.
    validateEvents(delivery.events);
    return new Promise<IntakeOutcome>((resolve, reject) => {
      this.queue.push({ delivery, nonce: randomUUID(), resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.drain();
      });
    }
    this.prune();
  }

  private takeBatch(): Pending[] {
    const keys = new Set<string>();
    const batch: Pending[] = [];
    for (let i = 0; i < this.queue.length && batch.length < this.maxBatch; ) {
      const p = this.queue[i]!;
      const own = [p.delivery.deliveryKey, ...(p.delivery.replayGuard ? [p.delivery.replayGuard.key] : [])];
      if (own.some((k) => keys.has(k))) {
        i += 1;
        continue;
      }
      for (const k of own) keys.add(k);
      batch.push(p);
      this.queue.splice(i, 1);
    }
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    const input = batch.map((p, d) => ({
      d,
      delivery_key: p.delivery.deliveryKey,
      nonce: p.nonce,
      body_key: p.delivery.replayGuard?.key ?? null,
      holder: p.delivery.replayGuard?.holder ?? null,
      ttl_days: p.delivery.ttlDays,
    }));
    const events = batch.flatMap((p, d) =>
      p.delivery.events.map((e) => ({
        d,
        id: e.id,
        type: e.type,
        source: e.source,
        occurred_at: e.occurredAt,
        received_at: e.receivedAt,
        delivery_id: e.deliveryId,
        correlation_id: e.correlationId,
        subject: e.subject,
        payload: e.payload,
      })),
    );
    try {
      // Named: each connection plans the statement once, not on every batch.
      const { rows } = await this.options.db.query<{ d: number; body_holder: string | null; accepted: boolean }>({
        name: 'clos_accept_deliveries',
        text: ACCEPT_SQL,
        values: [JSON.stringify(input), JSON.stringify(events), OUTBOX_CHANNEL],
      });
      const byIndex = new Map(rows.map((r) => [r.d, r]));
      batch.forEach((p, d) => {
        const row = byIndex.get(d);
        if (row === undefined) return p.reject(new Error('the outbox answered no row for a delivery'));
        if (row.accepted) return p.resolve({ kind: 'accepted' });
        const guard = p.delivery.replayGuard;
        if (guard !== undefined && row.body_holder !== null && row.body_holder !== guard.holder) {
          return p.resolve({ kind: 'replayed', acceptedAs: row.body_holder });
        }
        return p.resolve({ kind: 'duplicate' });
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  private prune(): void {
    const now = Date.now();
    if (now - this.lastPrune < this.pruneEveryMs) return;
    this.lastPrune = now;
    this.options.db.query(`DELETE FROM delivery_claims WHERE expires_at < now() - interval '1 day'`).catch((error: unknown) => this.options.onPruneError?.(error));
  }
}
