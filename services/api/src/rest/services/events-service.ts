import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, pageOf, timestampKey, type Page } from '../pagination.js';
import type { eventSchema, listEventsQuerySchema } from '../schemas/event-schemas.js';
import { scopeCondition, type ServiceDependencies } from './service-context.js';

type EventDto = z.output<typeof eventSchema>;

interface EventRow {
  id: string;
  seq: string;
  type: string;
  source: EventDto['source'];
  occurred_at: Date;
  received_at: Date;
  delivery_id: string;
  correlation_id: string;
  subject: EventDto['subject'];
  payload?: unknown;
  occurred_key: string;
}

/**
 * The columns of an event listing: the envelope, and the payload only when asked for
 * (payloads are most of a row's bytes; the dashboard's feed and most readers need none).
 */
export function selectEvent(withPayload: boolean): string {
  return `id, seq, type, source, occurred_at, received_at, delivery_id, correlation_id, subject,${withPayload ? ' payload,' : ''}
          ${timestampKey('occurred_at')} AS occurred_key`;
}

/** Reading the event log. */
export function eventsService(deps: ServiceDependencies) {
  return {
    /** Events of the pods the caller sees, newest first, filtered by pod, project, work item, type, source and time. */
    async listEvents(ctx: CallContext, input: z.output<typeof listEventsQuerySchema>): Promise<Page<EventDto>> {
      const values: unknown[] = [input.limit + 1];
      const where = [scopeCondition('pod_id', ctx.pods, values)];
      const add = (sql: (n: number) => string, value: unknown) => {
        values.push(value);
        where.push(sql(values.length));
      };
      if (input.pod !== undefined) add((n) => `pod_id = $${n}`, input.pod);
      if (input.project !== undefined) add((n) => `project_id = $${n}`, input.project);
      if (input.workItem !== undefined) add((n) => `work_item_id = $${n}`, input.workItem);
      if (input.type !== undefined) add((n) => `type = ANY($${n}::text[])`, input.type);
      if (input.source !== undefined) add((n) => `source = $${n}`, input.source);
      if (input.from !== undefined) add((n) => `occurred_at >= $${n}::timestamptz`, input.from);
      if (input.to !== undefined) add((n) => `occurred_at < $${n}::timestamptz`, input.to);
      if (input.cursor !== undefined) {
        const [at, seq] = decodeCursor('events', input.cursor, z.tuple([z.string(), z.string().regex(/^\d+$/)]));
        values.push(at, seq);
        where.push(`(occurred_at, seq) < ($${values.length - 1}::timestamptz, $${values.length}::bigint)`);
      }
      const { rows } = await deps.pool.query<EventRow>(
        `SELECT ${selectEvent(input.include === 'payload')}
         FROM events WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, seq DESC LIMIT $1`,
        values,
      );
      return pageOf(rows, input.limit, 'events', (r) => [r.occurred_key, r.seq], (r) => ({
        id: r.id,
        type: r.type,
        source: r.source,
        occurredAt: r.occurred_at.toISOString(),
        receivedAt: r.received_at.toISOString(),
        deliveryId: r.delivery_id,
        correlationId: r.correlation_id,
        subject: r.subject,
        ...(r.payload !== undefined ? { payload: r.payload } : {}),
      }));
    },
  };
}
