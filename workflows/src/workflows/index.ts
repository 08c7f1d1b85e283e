/**
 * The workflow bundle's entry: every workflow the worker registers. Deterministic code
 * only — see the workflow fence in eslint.config.js.
 */
export { podWip } from './pod-wip.js';
export { projectStage } from './project-stage.js';
export { reconcileStatuses } from './reconcile-statuses.js';
export { standupReminder } from './standup-reminder.js';
export { podHealthScan } from './pod-health-scan.js';
export { personDigest } from './person-digest.js';
export { personReview, decisionsDue } from './person-review.js';
