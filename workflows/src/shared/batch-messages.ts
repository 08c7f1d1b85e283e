import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { GateModeInput } from './project-stage-messages.js';
import type {
  AcquireInput,
  AcquireResult,
  DraftChangedInput,
  HeadShaChangedInput,
  MergeGroupInput,
  ReleaseInput,
  ReleaseResult,
  SetPolicyInput,
  SetPolicyResult,
} from './pod-wip-messages.js';
import type {
  ArtifactPushedInput,
  CheckCompletedInput,
  EvidenceInput,
  LinearProgressInput,
  PullRequestChangedInput,
  ReviewSubmittedInput,
  SignoffInput,
  StageMergeGroupInput,
  TasksUpdatedInput,
} from './project-stage-messages.js';

/**
 * Where a command of a batch came from: the id of the event (and step) it applies, so the
 * workflow applies it once however it is re-batched or replayed, and the correlation id of
 * the delivery that caused it, which the facts it records carry.
 */
export interface CommandOrigin {
  /** `<event id>:<step>`; a workflow ignores an id it has already applied. */
  eventId?: string;
  /** The delivery's correlation id (`github:<delivery>`), stamped on what the command records. */
  correlationId?: string;
}

/**
 * One message to a pod, named as its own update or signal is. A burst of webhook events
 * for one pod travels as one {@link podWipBatchUpdate}, applied in order, so a busy pod
 * takes one workflow task per burst rather than one per event.
 */
export type PodWipCommand = CommandOrigin &
  (
    | { type: 'acquire'; input: AcquireInput }
    | { type: 'release'; input: ReleaseInput }
    | { type: 'setPolicy'; input: SetPolicyInput }
    | { type: 'headShaChanged'; input: HeadShaChangedInput }
    | { type: 'draftChanged'; input: DraftChangedInput }
    | { type: 'mergeGroupRequested'; input: MergeGroupInput }
  );

/** Every pod command type. */
export const POD_WIP_COMMAND_TYPES = ['acquire', 'release', 'setPolicy', 'headShaChanged', 'draftChanged', 'mergeGroupRequested'] as const;

/**
 * The answer to one command of a batch, in the batch's order: what the matching update
 * answers; `applied` for what a signal would carry; `invalid` for a malformed command,
 * which changes nothing and does not stop the others.
 */
export type PodWipCommandResult =
  | AcquireResult
  | ReleaseResult
  | SetPolicyResult
  | { status: 'applied' }
  /** The command's event id was applied before: nothing changed. */
  | { status: 'duplicate'; eventId: string }
  | { status: 'invalid'; message: string };

/** Input of {@link podWipBatchUpdate}. */
export interface PodWipBatchInput {
  commands: PodWipCommand[];
}

/** One message to a project, named as its own signal is; see {@link projectStageBatchSignal}. */
export type ProjectStageCommand = CommandOrigin &
  (
    | { type: 'artifactPushed'; input: ArtifactPushedInput }
    | { type: 'checkCompleted'; input: CheckCompletedInput }
    | { type: 'reviewSubmitted'; input: ReviewSubmittedInput }
    | { type: 'linearProgress'; input: LinearProgressInput }
    | { type: 'evidenceSubmitted'; input: EvidenceInput }
    | { type: 'signoff'; input: SignoffInput }
    | { type: 'tasksUpdated'; input: TasksUpdatedInput }
    | { type: 'pullRequestChanged'; input: PullRequestChangedInput }
    | { type: 'stageMergeGroup'; input: StageMergeGroupInput }
    | { type: 'gateModeChanged'; input: GateModeInput }
  );

/** Input of {@link projectStageBatchSignal}. */
export interface ProjectStageBatchInput {
  commands: ProjectStageCommand[];
}

/** Applies several pod commands in order, in one workflow task; answers one result per command. */
export const podWipBatchUpdate = defineUpdate<PodWipCommandResult[], [PodWipBatchInput]>('applyBatch');
/** Delivers several project facts in order, in one workflow task. */
export const projectStageBatchSignal = defineSignal<[ProjectStageBatchInput]>('applyBatch');
