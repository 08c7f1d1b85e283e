import { patched } from '@temporalio/workflow';
import type { CommandOrigin } from '../shared/batch-messages.js';
import type { Outbox } from './effects.js';

/** Marks runs that apply each event id once and stamp its correlation id on what it records. */
const EVENT_IDS_PATCH = 'event-ids-applied-once';

/** How many applied event ids a workflow remembers: far more than a redelivery or replay can reach back. */
export const APPLIED_EVENTS_REMEMBERED = 2_000;

/** The part of a workflow's carried state that remembers applied event ids across continue-as-new. */
export interface AppliedEventsMemory {
  /** Applied event ids, oldest first, at most {@link APPLIED_EVENTS_REMEMBERED}. */
  appliedEvents?: string[];
}

/** What applying a command came to: its result, or nothing because its event id was applied before. */
export type OnceOutcome<T> = { duplicate: false; result: T } | { duplicate: true; eventId: string };

/**
 * Applies a command once per event id: a command whose id the workflow applied before —
 * the same event re-batched with other neighbours, redelivered or replayed — changes nothing.
 * What the command records carries its correlation id. Commands without an origin (single
 * updates and signals, which Temporal dedupes by update id, and runs from before this
 * change) are applied as they always were.
 */
export function applyOnce<T>(memory: AppliedEventsMemory, outbox: Outbox, command: CommandOrigin, work: () => T): OnceOutcome<T> {
  const eventId = typeof command.eventId === 'string' ? command.eventId : undefined;
  const correlationId = typeof command.correlationId === 'string' ? command.correlationId : undefined;
  if ((eventId === undefined && correlationId === undefined) || !patched(EVENT_IDS_PATCH)) return { duplicate: false, result: work() };
  if (eventId !== undefined) {
    const applied = (memory.appliedEvents ??= []);
    if (applied.includes(eventId)) return { duplicate: true, eventId };
    applied.push(eventId);
    if (applied.length > APPLIED_EVENTS_REMEMBERED) applied.splice(0, applied.length - APPLIED_EVENTS_REMEMBERED);
  }
  return { duplicate: false, result: outbox.within(correlationId, work) };
}
