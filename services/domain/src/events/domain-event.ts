import { z } from 'zod';
import { invalidInput } from '../errors.js';
import { describeIssues, toValidationIssues } from '../issue-path.js';
import { EVENT_SOURCES, EVENT_TYPES, isEventType, type EventSource, type EventType } from './event-types.js';
import { eventPayloadSchemas, type EventPayload } from './payload-schemas.js';

/** What an event is about, in CLOS's own ids. Filled in as far as the producer knows. */
export interface Subject {
  podId?: string;
  projectId?: string;
  /** `gh:owner/repo#12` or `lin:PAY-44`. */
  workItemId?: string;
  personId?: string;
}

/** The one envelope every event travels in: on the bus, in the outbox, the audit log and the feed. */
export interface DomainEvent<T extends EventType = EventType> {
  /** Unique per event; consumers deduplicate on it. */
  id: string;
  type: T;
  source: EventSource;
  /** When it happened at the source (ISO-8601 UTC). */
  occurredAt: string;
  /** When CLOS received it (ISO-8601 UTC). */
  receivedAt: string;
  /** The vendor's delivery id (or CLOS's own for internal events). */
  deliveryId: string;
  /** Ties together everything caused by one delivery or request. */
  correlationId: string;
  subject: Subject;
  payload: EventPayload<T>;
}

/**
 * A domain event narrowed by its `type`: `if (e.type === 'pr.labeled') e.payload.label`
 * type-checks. Assignable to {@link DomainEvent}.
 */
export type AnyDomainEvent = { [K in EventType]: DomainEvent<K> }[EventType];

const nonEmpty = z.string().min(1);
const utcTimestamp = z.iso.datetime({ error: 'expected an ISO-8601 UTC timestamp such as 2024-05-01T12:00:00Z' });

/** The subject of an event. */
export const subjectSchema = z.object({
  podId: nonEmpty.optional(),
  projectId: nonEmpty.optional(),
  workItemId: nonEmpty.optional(),
  personId: nonEmpty.optional(),
});

const envelopeShape = {
  id: nonEmpty,
  source: z.enum(EVENT_SOURCES),
  occurredAt: utcTimestamp,
  receivedAt: utcTimestamp,
  deliveryId: nonEmpty,
  correlationId: nonEmpty,
  subject: subjectSchema,
};

/** The envelope with the payload left unchecked; {@link parseDomainEvent} checks it per type. */
const envelopeSchema = z.object({
  ...envelopeShape,
  type: z.enum(EVENT_TYPES, { error: (issue) => `unknown event type ${JSON.stringify(issue.input)}` }),
  payload: z.unknown(),
});

const variants = EVENT_TYPES.map((type) =>
  z.object({ ...envelopeShape, type: z.literal(type), payload: eventPayloadSchemas[type] }),
);

/** Schema of any domain event, discriminated on `type`. Prefer {@link parseDomainEvent} for error messages. */
export const domainEventSchema = z.discriminatedUnion(
  'type',
  variants as unknown as [(typeof variants)[number], ...(typeof variants)[number][]],
) as unknown as z.ZodType<AnyDomainEvent>;

/**
 * Validates an event read from the bus, the outbox or a test. Throws a ClosError
 * `InvalidInput` whose message names each bad path (`payload.pullRequest.number: …`)
 * and whose `details.issues` lists them.
 */
export function parseDomainEvent(input: unknown): AnyDomainEvent {
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) throw invalidEvent(toValidationIssues(envelope.error.issues, input));
  const { type } = envelope.data;
  const payload = eventPayloadSchemas[type].safeParse(envelope.data.payload);
  if (!payload.success) throw invalidEvent(toValidationIssues(payload.error.issues, envelope.data.payload, ['payload']));
  return { ...envelope.data, payload: payload.data } as AnyDomainEvent;
}

/**
 * Validates the payload of one event type, for producers building an event. Throws like
 * {@link parseDomainEvent}, with paths under `payload`.
 */
export function parseEventPayload<T extends EventType>(type: T, payload: unknown): EventPayload<T> {
  if (!isEventType(type)) throw invalidEvent([{ path: 'type', message: `unknown event type ${JSON.stringify(type)}` }]);
  const result = eventPayloadSchemas[type].safeParse(payload);
  if (!result.success) throw invalidEvent(toValidationIssues(result.error.issues, payload, ['payload']));
  return result.data as EventPayload<T>;
}

function invalidEvent(issues: { path: string; message: string }[]) {
  return invalidInput(`Invalid domain event: ${describeIssues(issues)}`, { issues });
}
