/**
 * Helpers other services use to reach the workflows — the only way in (the api and the
 * processor never import workflow code).
 */
export {
  acquireWorkItem,
  releaseWorkItem,
  setPodPolicy,
  signalHeadShaChanged,
  signalDraftChanged,
  signalMergeGroup,
  getWipState,
  type PodWipStart,
} from './client/pod-wip-client.js';
export {
  signalProject,
  submitEvidence,
  requestAdvance,
  overrideStage,
  resumeStage,
  getStageState,
  type ProjectStageStart,
} from './client/project-stage-client.js';
export { policyOf, podWipStart, projectStageStart } from './client/workflow-starts.js';
export { ensureSchedules, RECONCILER_GITHUB_READS_PER_HOUR, type EnsureSchedulesOptions } from './client/schedules.js';
export { toClosError } from './client/errors.js';
export { ensureStandupSchedules, type EnsureStandupSchedulesOptions } from './client/standup-schedules.js';
export { ensureDigestSchedules, runPersonDigest, type DigestSchedulesOutcome, type EnsureDigestSchedulesOptions } from './client/digest-schedules.js';
export { ensureHealthSchedule, scanPodHealthNow, type EnsureHealthScheduleOptions, type ScanPodHealthNowOptions } from './client/health-schedules.js';
export {
  ensureLeadershipSchedules,
  followLeadershipSchedules,
  REVIEW_TIME,
  type EnsureLeadershipSchedulesOptions,
  type FollowedLeadershipPolicy,
  type LeadershipSchedulesOutcome,
} from './client/leadership-schedules.js';
