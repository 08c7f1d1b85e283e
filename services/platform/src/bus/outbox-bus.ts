import type { DomainEvent } from '@clos/domain';
import type { Queryable } from '../db/pool.js';
import type { EventBus } from './ports.js';
import { validateEvents } from './validate-events.js';

/** The NOTIFY channel that wakes outbox consumers. */
export const OUTBOX_CHANNEL = 'clos_events';

/** Options of {@link OutboxBus}. */
export interface OutboxBusOptions {
  /** A pool, or the client of an open transaction to publish atomically with other writes. */
  db: Queryable;
}

/**
 * The local event bus: publishing inserts into the `events` table, the
 * outbox an {@link OutboxConsumer} drains. A duplicate id is ignored, so a
 * retried publish delivers once; NOTIFY wakes idle consumers at commit.
 */
export class OutboxBus implements EventBus {
  private readonly db: Queryable;

  constructor(options: OutboxBusOptions) {
    this.db = options.db;
  }

  async publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const valid = validateEvents(events);
    const rows = valid.map((e) => ({
      id: e.id,
      type: e.type,
      source: e.source,
      occurred_at: e.occurredAt,
      received_at: e.receivedAt,
      delivery_id: e.deliveryId,
      correlation_id: e.correlationId,
      subject: e.subject,
      payload: e.payload,
    }));
    await this.db.query(
      `WITH input AS (
         SELECT x.*, e.ord
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, ord),
              jsonb_to_record(e.doc) AS x(id uuid, type text, source text, occurred_at timestamptz,
                                          received_at timestamptz, delivery_id text, correlation_id text,
                                          subject jsonb, payload jsonb)
       ), inserted AS (
         INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload)
         SELECT id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload
         FROM input ORDER BY ord
         ON CONFLICT (id) DO NOTHING
         RETURNING 1
       )
       SELECT pg_notify($2, '') FROM (SELECT 1 FROM inserted LIMIT 1) AS any_inserted`,
      [JSON.stringify(rows), OUTBOX_CHANNEL],
    );
  }
}
