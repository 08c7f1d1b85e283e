import type { RecordedEventType, WipHolder, WipMode, WipQueueEntry } from '@clos/domain';
import type { WorkItemRow } from '@clos/platform';

/**
 * The activity surface the workflows call through `proxyActivities`. Workflows import
 * these types only; the implementations come from {@link createActivities}.
 */

/** Where a status's `target_url` points: the api page that explains the verdict. */
export type StatusLink =
  | { kind: 'wip'; podId: string; itemId: string }
  /** `repo`: the repository the status is on, filled in by `postCommitStatus`. */
  | { kind: 'stage'; projectId: string; repo?: string };

/** Input of `postCommitStatus`. */
export interface PostCommitStatusInput {
  repo: string;
  sha: string;
  context: string;
  state: 'success' | 'failure' | 'pending' | 'error';
  description: string;
  link?: StatusLink;
  /**
   * `exact` (default): write unless GitHub's status has this state, description and link.
   * `state`: write unless it has this state and link — a refresh does not rewrite a status
   * only because its description (a count, a queue position) has moved on since.
   */
  compare?: 'exact' | 'state';
}

/** Answer of `postCommitStatus`: whether GitHub was written (false when already current). */
export interface PostCommitStatusResult {
  written: boolean;
}

/** What a notification is about. */
export type NotificationKind =
  | 'wip.exceeded'
  | 'wip.slot_freed'
  | 'wip.expedite_used'
  | 'stage.advanced'
  | 'stage.escalated'
  | 'stage.overdue'
  | 'health.circuit_breaker';

/** A message for people, sent through the notifier port. */
export interface Notification {
  podId: string;
  kind: NotificationKind;
  text: string;
  /** Where to post; the adapter's default channel for the pod when omitted. */
  channel?: string;
  /** Messages with the same thread key belong together (a Slack thread). */
  threadKey?: string;
  /** Same key, same notification: lets an adapter drop a retried send. */
  key?: string;
}

/** Input of `notify`. */
export interface NotifyInput extends Notification {
  key: string;
}

/** Input of `commentOnLinearIssue`. */
export interface LinearCommentInput {
  /** Idempotency key of this comment. */
  key: string;
  /** Linear identifier, e.g. `PAY-44`. */
  identifier: string;
  body: string;
}

/** Input of `loadGateFacts`. */
export interface LoadGateFactsInput {
  projectId: string;
  repos: string[];
  ref: string;
  /** Artifact paths to look for (already resolved for the project). */
  paths: string[];
  /** tasks.md path whose content is wanted. */
  tasksPath?: string;
  linearProject?: string;
}

/** Answer of `loadGateFacts`. Fields left out were not (or could not be) looked up. */
export interface LoadedGateFacts {
  /** Of the requested paths, those that exist in at least one repo. */
  artifacts: string[];
  /** The paths that were looked up (an absent one is known missing). */
  checkedPaths: string[];
  tasksMarkdown?: string | null;
  linear?: { total: number; done: number };
}

/**
 * A work item row of the durable record: the platform's {@link WorkItemRow}, which the record
 * store writes as it is — one definition, so an activity cannot hand the store a field it drops.
 */
export type WorkItemRecord = WorkItemRow;

/** Who or what a recorded event is about. */
export interface RecordSubject {
  podId?: string;
  projectId?: string;
  workItemId?: string;
  personId?: string;
}

/** An entry of the event log written by a workflow. */
export interface EventRecord {
  /** Idempotency key; the row id is derived from it. */
  key: string;
  /** One of the catalogue's recorded types: `wip.granted`, `stage.advanced`, … */
  type: RecordedEventType;
  occurredAt: string;
  subject: RecordSubject;
  payload: Record<string, unknown>;
  correlationId?: string;
}

/** An audit log entry. */
export interface AuditRecord {
  key: string;
  actor: string;
  action: string;
  target?: string;
  details: Record<string, unknown>;
  at: string;
}

/** A change of stage. */
export interface StageTransitionRecord {
  key: string;
  projectId: string;
  from: string | null;
  to: string;
  kind: 'start' | 'advance' | 'override';
  actor?: string;
  reason?: string;
  details: Record<string, unknown>;
  at: string;
}

/** Evidence submitted for a criterion. */
export interface EvidenceRecord {
  key: string;
  projectId: string;
  stageId: string;
  criterionId: string;
  by: string;
  role?: string;
  value: string;
  at: string;
}

/** The project's current stage, for readers of the record. */
export interface ProjectStageRecord {
  projectId: string;
  stageId: string;
  /** Set when the stage was entered; left as is otherwise. */
  enteredAt?: string;
  status: 'active' | 'paused' | 'done';
}

/** One fact for the durable record. */
export type RecordEntry =
  | { kind: 'workItem'; item: WorkItemRecord }
  | { kind: 'event'; event: EventRecord }
  | { kind: 'audit'; audit: AuditRecord }
  | { kind: 'stageTransition'; transition: StageTransitionRecord }
  | { kind: 'evidence'; evidence: EvidenceRecord }
  | { kind: 'projectStage'; project: ProjectStageRecord };

/** Input of `record`: facts written in order, each idempotent. */
export interface RecordInput {
  entries: RecordEntry[];
}

/** Input of `listEnforcementWorkflows`. */
export interface ListEnforcementWorkflowsInput {
  limit: number;
  /** Only workflows on this task queue. */
  taskQueue?: string;
}

/** A pod's WIP board as the Slack bot and the dashboard read it (projection `pod#<podId>` / `wip`). */
export interface PodWipProjection {
  podId: string;
  limit: number;
  mode: WipMode;
  expediteQuota: number;
  perPersonLimit?: number;
  holders: WipHolder[];
  queue: WipQueueEntry[];
  /** When the view last changed (workflow time). */
  updatedAt: string;
}

/** A project's gate as readers see it (projection `project#<projectId>` / `stage`). */
export interface ProjectStageProjection {
  projectId: string;
  podId: string;
  stage: { id: string; name: string; index: number; terminal: boolean };
  /** When the stage was entered. */
  since: string;
  deadline?: string;
  paused: boolean;
  /** Ids of the criteria met. */
  met: string[];
  /** The criteria not met yet, with what is missing. */
  missing: { criterionId: string; detail: string }[];
  verdict: { state: 'success' | 'failure'; description: string };
  updatedAt: string;
}

/** One live view to store. */
export type ProjectionView =
  | { kind: 'podWip'; podId: string; doc: PodWipProjection }
  | { kind: 'projectStage'; projectId: string; doc: ProjectStageProjection };

/** Input of `writeProjection`. */
export interface WriteProjectionInput {
  view: ProjectionView;
  /**
   * Grows with every change the workflow makes to the view: the store keeps the write with
   * the highest version, so a retried or late write never rolls the view back.
   */
  version: number;
}

/** Answer of `writeProjection`: false when nothing was written (a newer or the same version is stored, or no store). */
export interface WriteProjectionResult {
  written: boolean;
}

/** Input of `adoptOpenPullRequests`. */
export interface AdoptOpenPullRequestsInput {
  /** Task queue of the pod workflows it may start; the activity's own queue when omitted. */
  taskQueue?: string;
}

/** Answer of `adoptOpenPullRequests`. */
export interface AdoptOpenPullRequestsResult {
  /** Open PRs of mapped repositories looked at. */
  seen: number;
  /** PRs the pod workflow did not track (or tracked at another head) and was told about. */
  adopted: string[];
  /** PRs the pod workflow held or queued that GitHub reports closed or merged, now released. */
  released: string[];
  /** Listed open, but no newer than the release the pod has on record (closed after the listing): left alone. */
  stale: string[];
  /** `<projectId>:<workItemId>` of adopted PRs whose project's gate was told about them. */
  gatesRedriven: string[];
  /** Repositories that could not be listed, with why. */
  failedRepos: { repo: string; error: string }[];
}

/** Every activity, as workflows see them. */
export interface ClosActivities {
  postCommitStatus(input: PostCommitStatusInput): Promise<PostCommitStatusResult>;
  record(input: RecordInput): Promise<void>;
  notify(input: NotifyInput): Promise<void>;
  commentOnLinearIssue(input: LinearCommentInput): Promise<{ created: boolean }>;
  loadGateFacts(input: LoadGateFactsInput): Promise<LoadedGateFacts>;
  listEnforcementWorkflows(input: ListEnforcementWorkflowsInput): Promise<string[]>;
  writeProjection(input: WriteProjectionInput): Promise<WriteProjectionResult>;
  adoptOpenPullRequests(input: AdoptOpenPullRequestsInput): Promise<AdoptOpenPullRequestsResult>;
}
