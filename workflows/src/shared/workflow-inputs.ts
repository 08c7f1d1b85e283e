import type { Role, StageTemplate, WipMode, WipPolicy, WipState } from '@clos/domain';
import type { LinearCommentInput, NotifyInput, RecordEntry } from '../activities/types.js';
import type { PullRequestKey, TrackedWorkItem } from './pod-wip-messages.js';
import type { PullRequestChangedInput, StageTransitionView } from './project-stage-messages.js';

/** Facts, notifications and comments not sent yet when a run hands over to the next. */
export interface OutboxSnapshot {
  records: RecordEntry[];
  notifications: NotifyInput[];
  comments: LinearCommentInput[];
}

/** What a workflow carries between runs to store its live view only when it changed, in order. */
export interface ProjectionMemory {
  /** Version of the last view sent; the next one is always higher. */
  projectionVersion?: number;
  /** Fingerprint of the last view stored; the same view is not written again. */
  projectionHash?: string;
}

/** What a pod's WIP workflow carries into its next run (continue-as-new). */
export interface PodWipCarried extends ProjectionMemory {
  wip: WipState;
  items: Record<string, TrackedWorkItem>;
  /** Every other id of a tracked item (`gh:…#n`, `lin:KEY`) → the item's id. */
  aliases: Record<string, string>;
  /** Ids released, with when: a late acquisition older than that is ignored. */
  released: Record<string, string>;
  /** Status last written per `repo@sha`, as `state|description`. */
  posted: Record<string, string>;
  /** Merge queue groups awaiting a verdict: `repo@sha` → PR numbers. */
  mergeGroups: Record<string, { repo: string; headSha: string; numbers: number[] }>;
  /** Run id of the chain's first run: with `seq`, makes idempotency keys unique. */
  epoch: string;
  /** Last number used for idempotency keys of recorded facts. */
  seq: number;
  /** What the previous run had not sent yet. */
  unsent?: OutboxSnapshot;
  /** Event ids of batch commands already applied, oldest first (bounded): applied once each. */
  appliedEvents?: string[];
}

/** Start argument of `podWip`. */
export interface PodWipInput {
  podId: string;
  /** The policy from clos.yml; ignored when `carried` holds the running policy. */
  policy: WipPolicy;
  /** Pod's Slack channel for notifications. */
  channel?: string;
  /** Continue as new once history reaches this many events (the server's suggestion also counts). */
  maxHistoryLength?: number;
  carried?: PodWipCarried;
}

/** What a project's stage workflow carries into its next run. */
export interface ProjectStageCarried extends ProjectionMemory {
  stageId: string;
  /** Enforcement mode of the gate's status (the pod's mode); `enforce` when unset. */
  mode?: WipMode;
  enteredAt: string;
  alerted: boolean;
  paused: boolean;
  pausedSince?: string;
  failedRequests: number;
  artifacts: string[];
  checks: Record<string, string>;
  /** Latest review per reviewer in the stage it was given. */
  reviews: { by: string; role?: Role; state: 'approved' | 'changes_requested' | 'dismissed'; stageId: string }[];
  linear: { total: number; done: number };
  evidence: { criterionId: string; by: string; role?: Role; value: string; at: string; stageId: string }[];
  signoffs: { by: string; role?: Role; at: string; stageId: string }[];
  tasksMarkdown?: string;
  /** The previous run owed a look-up of the facts (a push touched tasks.md). */
  reloadFacts?: boolean;
  openPullRequests: PullRequestChangedInput[];
  mergeGroups: PullRequestKey[];
  posted: Record<string, string>;
  transitions: StageTransitionView[];
  epoch: string;
  seq: number;
  /** What the previous run had not sent yet. */
  unsent?: OutboxSnapshot;
  /** Event ids of batch commands already applied, oldest first (bounded): applied once each. */
  appliedEvents?: string[];
}

/** Start argument of `projectStage`. */
export interface ProjectStageInput {
  projectId: string;
  podId: string;
  /** The project's template (built-in or from clos.yml). */
  template: StageTemplate;
  /** Repositories whose default branch holds the project's artifacts. */
  repos?: string[];
  /** Branch artifacts are read from when facts are loaded. Default `main`. */
  defaultBranch?: string;
  /** Linear project id or name, for issue counts. */
  linearProject?: string;
  /** Time-in-stage limit for stages that set none. */
  stageTimeLimitDays?: number;
  /** The pod's enforcement mode: `observe` and `warn` keep the gate status green. Default `enforce`. */
  mode?: WipMode;
  /** Stage to start in; the template's first when omitted. */
  initialStageId?: string;
  channel?: string;
  maxHistoryLength?: number;
  carried?: ProjectStageCarried;
}

/** Start argument of `reconcileStatuses`. */
export interface ReconcileInput {
  /** Max workflows signalled per run. Default 1000. */
  limit?: number;
  /** Only workflows on this task queue (one deployment sharing a namespace with others). */
  taskQueue?: string;
  /**
   * GitHub reads the status refresh may spend an hour (a share of the installation's
   * primary limit): past it, the workflows are refreshed in turns, one turn a run. No pacing
   * when omitted.
   */
  githubReadsPerHour?: number;
  /** Minutes between runs (the schedule's interval), to know how many runs an hour makes. Default 10. */
  everyMinutes?: number;
}

/** Answer of `reconcileStatuses`. */
export interface ReconcileResult {
  signalled: number;
  failed: number;
  /** When paced: the turn this run took and how many there are (every workflow is refreshed once per `turns` runs). */
  turn?: { turn: number; turns: number };
  /** Open PRs found on GitHub that their pod's workflow did not track (lost webhooks), now acquired. */
  adopted?: string[];
  /** PRs a pod held or queued that GitHub reports closed or merged (a lost `closed`), now released. */
  released?: string[];
}
