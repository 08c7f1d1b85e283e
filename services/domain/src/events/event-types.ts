/**
 * Facts that reach CLOS from outside (GitHub, Linear webhooks): normalized at the api and
 * carried on the bus to the processor.
 */
export const INGESTED_EVENT_TYPES = [
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

/**
 * Facts CLOS itself decided: written to the event log by the enforcement workflows'
 * activities (already processed; never published on the bus), read by the activity feed,
 * `/api/events` and flow metrics.
 */
export const RECORDED_EVENT_TYPES = [
  'wip.granted',
  'wip.promoted',
  'wip.queued',
  'wip.released',
  'wip.draft',
  'wip.policy_changed',
  'stage.started',
  'stage.advanced',
  'stage.overridden',
  'stage.advance_refused',
  'stage.escalated',
  'stage.resumed',
  'stage.time_limit_exceeded',
  'stage.evidence_submitted',
  'linear.comment_created',
  'health.breaker_tripped',
  'health.breaker_recovered',
] as const;

/**
 * Every event type of the log. The union {@link EventType} and the schema catalogue derive
 * from this list, so adding a type to one of its parts is the first step of adding one.
 */
export const EVENT_TYPES = [...INGESTED_EVENT_TYPES, ...RECORDED_EVENT_TYPES] as const;

/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** One of {@link INGESTED_EVENT_TYPES}. */
export type IngestedEventType = (typeof INGESTED_EVENT_TYPES)[number];

/** One of {@link RECORDED_EVENT_TYPES}. */
export type RecordedEventType = (typeof RECORDED_EVENT_TYPES)[number];

/** Where an event came from. */
export const EVENT_SOURCES = ['github', 'linear', 'slack', 'clos', 'schedule', 'api'] as const;

/** One of {@link EVENT_SOURCES}. */
export type EventSource = (typeof EVENT_SOURCES)[number];

const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

/** Whether `value` is a known event type. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && eventTypeSet.has(value);
}
