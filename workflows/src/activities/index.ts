export { createActivities } from './create-activities.js';
export { createPgRecordStore } from './pg-store.js';
export { createLoggingNotifier } from './logging-notifier.js';
export { consoleActivityLogger } from './console-logger.js';
export { explainUrlFor } from './explain-url.js';
export { keyToUuid } from './key-to-uuid.js';
export { toActivityFailure } from './errors.js';
export type { ActivityDependencies, ActivityLogger, GithubPort, LinearPort, Notifier, ProjectionPort, RecordStore } from './ports.js';
export type * from './types.js';
export { createStandupActivities, DEFAULT_BLOCKER_ESCALATION_DAYS } from './standup-activities.js';
export type { StandupActivityDependencies } from './standup-activities.js';
export type { PodRoutineInput, StandupActivities } from './standup-types.js';
export { createHealthActivities, type HealthActivityDependencies } from './health-activities.js';
export type { HealthActivities } from './health-types.js';
export {
  HEALTH_WINDOW_DAYS,
  recordPodHealthSnapshots,
  type LiveWipUsage,
  type PodHealthJobDependencies,
  type PodHealthSnapshot,
} from './pod-health-job.js';
export { createDigestActivities, type DigestActivityDependencies } from './digest-activities.js';
export type { DigestActivities } from './digest-types.js';
export { createLeadershipActivities, type LeadershipActivityDependencies } from './leadership-activities.js';
export type { LeadershipActivities } from './leadership-types.js';
