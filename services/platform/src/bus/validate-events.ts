import { invalidInput, parseDomainEvent, type DomainEvent } from '@clos/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks each event against the catalogue before it enters a bus, so a
 * malformed event is refused at the producer instead of dying at every
 * consumer. Ids must be UUIDs: they key the outbox and EventBridge dedupe.
 */
export function validateEvents(events: readonly DomainEvent[]): DomainEvent[] {
  return events.map((event, index) => {
    const parsed = parseDomainEvent(event);
    if (!UUID.test(parsed.id)) throw invalidInput(`events[${index}].id: must be a UUID`, { id: parsed.id });
    return parsed;
  });
}
