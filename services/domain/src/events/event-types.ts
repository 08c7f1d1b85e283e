/**
 * Every event type that travels the bus. The union {@link EventType} and the schema
 * catalogue derive from this list, so adding a type here is the first step of adding one.
 */
export const EVENT_TYPES = [
  'pr.opened',
  'pr.reopened',
  'pr.ready_for_review',
  'pr.converted_to_draft',
  'pr.synchronized',
  'pr.closed',
  'pr.labeled',
  'pr.unlabeled',
  'pr.review_submitted',
  'checks.completed',
  'push.default_branch',
  'merge_group.checks_requested',
  'installation.changed',
  'deployment.status_changed',
  'issue.changed',
  'linear.issue.changed',
  'linear.project.changed',
  'webhook.unhandled',
] as const;

/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Where an event came from. */
export const EVENT_SOURCES = ['github', 'linear', 'slack', 'clos', 'schedule', 'api'] as const;

/** One of {@link EVENT_SOURCES}. */
export type EventSource = (typeof EVENT_SOURCES)[number];

const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

/** Whether `value` is a known event type. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && eventTypeSet.has(value);
}
