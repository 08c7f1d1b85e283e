import type { DomainEvent } from '@clos/domain';
import type { Queryable } from '../db/pool.js';

/**
 * Records an event a queue consumer received in the `events` table — the one event log
 * /api/events, the feed, the SSE stream and flow metrics read — so it holds every
 * accepted event in AWS mode too, where the outbox (which writes it locally) is not the
 * bus. Keyed by event id: a redelivered message counts another attempt on the same row,
 * never a second row. The row stays 'processing' (leased for `leaseMs`, as the outbox
 * would lease it) until {@link recordEventHandled}.
 */
export async function recordEventReceived(db: Queryable, event: DomainEvent, leaseMs: number): Promise<void> {
  await db.query(
    `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload,
                         status, attempts, locked_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, 'processing', 1, now() + make_interval(secs => $10::double precision / 1000))
     ON CONFLICT (id) DO UPDATE
       SET attempts = events.attempts + 1,
           status = 'processing',
           locked_until = now() + make_interval(secs => $10::double precision / 1000)
       WHERE events.status <> 'done'`,
    [
      event.id,
      event.type,
      event.source,
      event.occurredAt,
      event.receivedAt,
      event.deliveryId,
      event.correlationId,
      JSON.stringify(event.subject ?? {}),
      JSON.stringify(event.payload ?? {}),
      leaseMs,
    ],
  );
}

/** Marks a received event handled ('done'), as the outbox consumer does locally. */
export async function recordEventHandled(db: Queryable, eventId: string): Promise<void> {
  await db.query(
    `UPDATE events SET status = 'done', processed_at = now(), locked_until = NULL, last_error = NULL
     WHERE id = $1 AND status <> 'done'`,
    [eventId],
  );
}

/** Notes why handling a received event failed; the queue delivers it again. */
export async function recordEventFailed(db: Queryable, eventId: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db.query(`UPDATE events SET last_error = $2 WHERE id = $1 AND status <> 'done'`, [eventId, message.slice(0, 2000)]);
}
