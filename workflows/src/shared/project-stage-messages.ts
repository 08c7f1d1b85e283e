import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Criterion, GateFacts, Role, WipMode } from '@clos/domain';

/** Failed advance requests in one stage before the gate escalates (to the pod lead) and pauses. */
export const ESCALATE_AFTER_FAILED_REQUESTS = 3;

/** Input of {@link artifactPushedSignal}: files changed on the default branch. */
export interface ArtifactPushedInput {
  repo: string;
  /** Paths added or modified. */
  paths: string[];
  removed?: string[];
}

/** Input of {@link checkCompletedSignal}. */
export interface CheckCompletedInput {
  name: string;
  /** GitHub's conclusion (`success`, `failure`, …). */
  conclusion: string;
  repo?: string;
  headSha?: string;
}

/** Input of {@link reviewSubmittedSignal}. Only the reviewer's latest review counts. */
export interface ReviewSubmittedInput {
  by: string;
  role?: Role;
  /** Default `approved`; `dismissed` or `changes_requested` withdraw an approval. */
  state?: 'approved' | 'changes_requested' | 'commented' | 'dismissed';
  repo?: string;
  number?: number;
}

/** Input of {@link linearProgressSignal}: issue counts of the project in Linear. */
export interface LinearProgressInput {
  total: number;
  done: number;
}

/** Input of {@link evidenceSubmittedSignal}. */
export interface EvidenceInput {
  criterionId: string;
  by: string;
  role?: Role;
  /** A link or a text. */
  value: string;
  /** Stage the evidence is for; the current stage when omitted. */
  stageId?: string;
  at?: string;
}

/** Input of {@link signoffSignal}. */
export interface SignoffInput {
  by: string;
  role?: Role;
  /** Stage being signed off; the current stage when omitted. */
  stageId?: string;
  at?: string;
}

/** Input of {@link tasksUpdatedSignal}: the content of the project's tasks.md. */
export interface TasksUpdatedInput {
  markdown: string;
}

/** Input of {@link pullRequestChangedSignal}: a PR of the project opened, moved or closed. */
export interface PullRequestChangedInput {
  repo: string;
  number: number;
  headSha: string;
  state: 'open' | 'closed';
}

/** Input of {@link stageMergeGroupSignal}: a merge queue group holding a PR of the project. */
export interface StageMergeGroupInput {
  repo: string;
  headSha: string;
}

/** Input of {@link gateModeChangedSignal}. */
export interface GateModeInput {
  mode: WipMode;
}

/** Input of {@link requestAdvanceUpdate}. */
export interface AdvanceRequestInput {
  by: string;
  role?: Role;
}

/** A criterion still unmet, as answered to people. */
export interface MissingCriterion {
  criterionId: string;
  type: Criterion['type'];
  description?: string;
  detail: string;
}

/** Answer of {@link requestAdvanceUpdate}. */
export type AdvanceResult =
  | { status: 'advanced'; from: string; to: string }
  | {
      status: 'blocked';
      stageId: string;
      missing: MissingCriterion[];
      /** Failed requests in this stage, this one included. */
      failedRequests: number;
      /** This request made the gate escalate and pause. */
      escalated: boolean;
    }
  | { status: 'paused'; stageId: string; pausedSince: string }
  | { status: 'done'; stageId: string };

/** Input of {@link overrideUpdate}: needs a lead or admin, and a reason. */
export interface OverrideInput {
  by: string;
  role: Role;
  reason: string;
  /** Target stage; the next one when omitted. */
  toStageId?: string;
}

/** Answer of {@link overrideUpdate}. */
export interface OverrideResult {
  status: 'advanced';
  from: string;
  to: string;
}

/** Input of {@link resumeUpdate}: a lead or admin un-pauses an escalated gate. */
export interface ResumeInput {
  by: string;
  role: Role;
  reason?: string;
}

/** Answer of {@link resumeUpdate}. */
export interface ResumeResult {
  status: 'resumed' | 'not_paused';
  stageId: string;
}

/** A recorded change of stage. */
export interface StageTransitionView {
  from: string | null;
  to: string;
  kind: 'start' | 'advance' | 'override';
  at: string;
  actor?: string;
  reason?: string;
}

/** Answer of {@link stageStateQuery}. */
export interface StageStateView {
  projectId: string;
  podId: string;
  templateId: string;
  stage: { id: string; name: string; index: number; terminal: boolean };
  enteredAt: string;
  /** When the stage's time limit runs out, if it has one. */
  deadline?: string;
  overdue: boolean;
  paused: boolean;
  pausedSince?: string;
  failedRequests: number;
  mode: WipMode;
  facts: GateFacts;
  gate: { passed: boolean; results: { criterionId: string; type: Criterion['type']; met: boolean; detail: string }[] };
  verdict: { state: 'success' | 'failure'; description: string };
  openPullRequests: PullRequestChangedInput[];
  transitions: StageTransitionView[];
}

/** Files pushed to the default branch (artifact criteria). */
export const artifactPushedSignal = defineSignal<[ArtifactPushedInput]>('artifactPushed');
/** A CI check finished. */
export const checkCompletedSignal = defineSignal<[CheckCompletedInput]>('checkCompleted');
/** A review was submitted on a PR of the project. */
export const reviewSubmittedSignal = defineSignal<[ReviewSubmittedInput]>('reviewSubmitted');
/** Linear issue counts of the project changed. */
export const linearProgressSignal = defineSignal<[LinearProgressInput]>('linearProgress');
/** Evidence (a link or text) submitted for a criterion. */
export const evidenceSubmittedSignal = defineSignal<[EvidenceInput]>('evidenceSubmitted');
/** Someone signed the stage off (counts when a lead). */
export const signoffSignal = defineSignal<[SignoffInput]>('signoff');
/** The project's tasks.md changed. */
export const tasksUpdatedSignal = defineSignal<[TasksUpdatedInput]>('tasksUpdated');
/** Register, move or drop a PR that gets `clos/stage-gate`. */
export const pullRequestChangedSignal = defineSignal<[PullRequestChangedInput]>('pullRequestChanged');
/** Post the gate verdict on a merge queue group's head SHA. */
export const stageMergeGroupSignal = defineSignal<[StageMergeGroupInput]>('stageMergeGroup');
/** The pod's enforcement mode changed (clos.yml reload). */
export const gateModeChangedSignal = defineSignal<[GateModeInput]>('gateModeChanged');
/** Ask to move to the next stage; answers advanced or what is missing. */
export const requestAdvanceUpdate = defineUpdate<AdvanceResult, [AdvanceRequestInput]>('requestAdvance');
/** Move stage regardless of the gate (lead/admin, with a reason; audited). */
export const overrideUpdate = defineUpdate<OverrideResult, [OverrideInput]>('override');
/** Un-pause an escalated gate (lead/admin). */
export const resumeUpdate = defineUpdate<ResumeResult, [ResumeInput]>('resume');
/** The project's stage, gate and facts. */
export const stageStateQuery = defineQuery<StageStateView>('stageState');
