import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { TASK_QUEUE, WORKFLOW_TYPES, projectStageWorkflowId } from '../shared/ids.js';
import { evidenceSubmittedSignal, overrideUpdate, requestAdvanceUpdate, resumeUpdate, stageStateQuery } from '../shared/project-stage-messages.js';
import type {
  AdvanceRequestInput,
  AdvanceResult,
  EvidenceInput,
  OverrideInput,
  OverrideResult,
  ResumeInput,
  ResumeResult,
  StageStateView,
} from '../shared/project-stage-messages.js';
import type { ProjectStageInput } from '../shared/workflow-inputs.js';
import type { projectStage } from '../workflows/project-stage.js';
import { closCall } from './errors.js';

/** How to start a project's workflow if it is not running yet (ignored by a running one). */
export interface ProjectStageStart extends Omit<ProjectStageInput, 'carried'> {
  taskQueue?: string;
}

function startArgs(start: ProjectStageStart): { workflowId: string; taskQueue: string; args: [ProjectStageInput] } {
  const { taskQueue, ...args } = start;
  return { workflowId: projectStageWorkflowId(start.projectId), taskQueue: taskQueue ?? TASK_QUEUE, args: [args] };
}

/** Sends any project signal, starting the project's workflow if needed (signal-with-start). */
export async function signalProject<Arg>(client: Client, start: ProjectStageStart, signal: SignalDefinition<[Arg]>, input: Arg): Promise<void> {
  await closCall(() => client.workflow.signalWithStart<typeof projectStage, [Arg]>(WORKFLOW_TYPES.projectStage, { ...startArgs(start), signal, signalArgs: [input] }));
}

/** Evidence (a link or text) for a criterion of the project's gate. */
export function submitEvidence(client: Client, start: ProjectStageStart, input: EvidenceInput): Promise<void> {
  return signalProject(client, start, evidenceSubmittedSignal, input);
}

/**
 * Sends an update to the project's workflow: with `start`, update-with-start; without, to
 * the running workflow (a `ClosError` NotFound when there is none).
 */
async function projectUpdate<Ret, Arg>(
  client: Client,
  projectId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  input: Arg,
  start?: ProjectStageStart,
): Promise<Ret> {
  if (start === undefined) {
    return closCall(() => client.workflow.getHandle(projectStageWorkflowId(projectId)).executeUpdate(update, { args: [input] }));
  }
  if (start.projectId !== projectId) throw new TypeError(`start.projectId ${start.projectId} differs from ${projectId}`);
  const operation = new WithStartWorkflowOperation<typeof projectStage>(WORKFLOW_TYPES.projectStage, {
    ...startArgs(start),
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return closCall(() => client.workflow.executeUpdateWithStart(update, { args: [input], startWorkflowOperation: operation }));
}

/** Asks to advance: answers advanced, blocked with what is missing (escalating on the third), paused or done. */
export function requestAdvance(client: Client, projectId: string, input: AdvanceRequestInput, start?: ProjectStageStart): Promise<AdvanceResult> {
  return projectUpdate(client, projectId, requestAdvanceUpdate, input, start);
}

/** Moves the stage regardless of the gate; a `ClosError` Forbidden below lead, InvalidInput without a reason. */
export function overrideStage(client: Client, projectId: string, input: OverrideInput, start?: ProjectStageStart): Promise<OverrideResult> {
  return projectUpdate(client, projectId, overrideUpdate, input, start);
}

/** Un-pauses an escalated gate; a `ClosError` Forbidden below lead. */
export function resumeStage(client: Client, projectId: string, input: ResumeInput, start?: ProjectStageStart): Promise<ResumeResult> {
  return projectUpdate(client, projectId, resumeUpdate, input, start);
}

/** The project's stage state, or `undefined` when its workflow has never run. */
export async function getStageState(client: Client, projectId: string): Promise<StageStateView | undefined> {
  try {
    return await client.workflow.getHandle(projectStageWorkflowId(projectId)).query(stageStateQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
