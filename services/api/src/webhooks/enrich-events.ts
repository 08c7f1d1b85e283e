import type { DomainEvent } from '@clos/domain';
import type { SubjectEnricher } from './webhook-dependencies.js';

/** The events with their subjects completed from clos.yml; what the mapper already set is kept. */
export async function enrichEvents(events: DomainEvent[], enrich: SubjectEnricher): Promise<DomainEvent[]> {
  return Promise.all(
    events.map(async (event) => {
      if (event.type === 'webhook.unhandled') return event;
      const found = await enrich(event);
      return { ...event, subject: { ...found, ...definedOnly(event.subject) } };
    }),
  );
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
