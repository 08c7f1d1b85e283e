/**
 * The pure domain of CLOS: errors, the event catalogue, work item ids, the clos.yml
 * model, WIP admission, stage gates and pod health. No I/O, no clock, no randomness —
 * time and ids are parameters — so Temporal workflows can import all of it.
 */
export * from './errors.js';
export { formatPath, type ValidationIssue } from './issue-path.js';
export { jsonFieldsOf, keepJsonFields, type JsonFields } from './json/json-fields.js';
export { REPO_NAME_PATTERN, repoNameSchema, sameRepo } from './repo-name.js';
export { ROLES, roleAtLeast, roleSchema, type Role } from './roles.js';
export { MAX_STATUS_DESCRIPTION, fitDescription } from './status-description.js';

// Events
export * from './events/event-types.js';
export * from './events/payload-schemas.js';
export * from './events/domain-event.js';
export * from './events/message-envelope.js';

// Work items
export * from './work-items.js';

// clos.yml
export * from './config/config-schema.js';
export * from './config/config-error.js';
export { parseClosConfig, validateClosConfig } from './config/parse-config.js';
export { closConfigJsonSchema } from './config/config-json-schema.js';
export * from './config/lookup.js';
export * from './config/pull-request-facts.js';

// WIP admission
export * from './wip/wip-types.js';
export { initialWipState, acquireSlot, releaseSlot, setWipPolicy } from './wip/admission.js';
export { wipUsage, type WipUsage } from './wip/wip-usage.js';
export { wipVerdict, type WipVerdict } from './wip/wip-verdict.js';
export { withPodWipPolicy } from './wip/pod-wip-policy.js';

// Stage gates
export * from './stage/stage-schema.js';
export * from './stage/built-in-templates.js';
export * from './stage/gate-facts.js';
export * from './stage/tasks-markdown.js';
export * from './stage/evaluate-gate.js';
export * from './stage/stage-verdict.js';
export * from './stage/stage-navigation.js';
export * from './stage/evidence-rule.js';
export * from './stage/linear-progress.js';

// Pod health
export * from './health/health-metrics.js';
export * from './health/pod-health.js';
export * from './health/circuit-breaker.js';

// Flow and DORA
export * from './flow/percentile.js';
export * from './flow/flow-metrics.js';
export * from './flow/dora.js';
export * from './flow/funnel.js';

// Digests
export * from './digests/digest-schedule.js';
export * from './digests/digest-people.js';
