import { initialWipState } from '@clos/domain';
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { TASK_QUEUE, WORKFLOW_TYPES, podWipWorkflowId } from '../shared/ids.js';
import {
  acquireUpdate,
  draftChangedSignal,
  headShaChangedSignal,
  mergeGroupRequestedSignal,
  releaseUpdate,
  setPolicyUpdate,
  wipStateQuery,
} from '../shared/pod-wip-messages.js';
import type {
  AcquireInput,
  AcquireResult,
  DraftChangedInput,
  HeadShaChangedInput,
  MergeGroupInput,
  PodWipView,
  ReleaseInput,
  ReleaseResult,
  SetPolicyInput,
  SetPolicyResult,
} from '../shared/pod-wip-messages.js';
import type { PodWipInput } from '../shared/workflow-inputs.js';
import type { podWip } from '../workflows/pod-wip.js';
import { closCall } from './errors.js';

/**
 * How to start a pod's workflow if it is not running yet: the pod's policy from clos.yml
 * (ignored by a running workflow, which keeps its own — change it with `setPodPolicy`).
 */
export interface PodWipStart extends Omit<PodWipInput, 'podId' | 'carried'> {
  taskQueue?: string;
}

function startOperation(podId: string, start: PodWipStart): WithStartWorkflowOperation<typeof podWip> {
  const { taskQueue, ...args } = start;
  // Refuse a bad policy here, with the domain's message, rather than failing the workflow.
  initialWipState(start.policy);
  return new WithStartWorkflowOperation<typeof podWip>(WORKFLOW_TYPES.podWip, {
    workflowId: podWipWorkflowId(podId),
    taskQueue: taskQueue ?? TASK_QUEUE,
    args: [{ ...args, podId }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

async function updateWithStart<Ret, Arg>(
  client: Client,
  podId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  input: Arg,
  start: PodWipStart,
  updateId?: string,
): Promise<Ret> {
  return closCall(() =>
    client.workflow.executeUpdateWithStart(update, {
      args: [input],
      startWorkflowOperation: startOperation(podId, start),
      ...(updateId !== undefined ? { updateId } : {}),
    }),
  );
}

async function signalWithStart<Arg>(client: Client, podId: string, signal: SignalDefinition<[Arg]>, input: Arg, start: PodWipStart): Promise<void> {
  const { taskQueue, ...args } = start;
  initialWipState(start.policy);
  await closCall(() =>
    client.workflow.signalWithStart<typeof podWip, [Arg]>(WORKFLOW_TYPES.podWip, {
      workflowId: podWipWorkflowId(podId),
      taskQueue: taskQueue ?? TASK_QUEUE,
      args: [{ ...args, podId }],
      signal,
      signalArgs: [input],
    }),
  );
}

/**
 * Asks the pod for a WIP slot (update-with-start: the pod's workflow is started if needed).
 * Answers granted, queued with position and current holders, draft, or stale.
 */
export function acquireWorkItem(client: Client, podId: string, input: AcquireInput, start: PodWipStart): Promise<AcquireResult> {
  return updateWithStart(client, podId, acquireUpdate, input, start);
}

/** Lets go of a work item's slot (merged, closed, completed, canceled); promotes the queue. */
export function releaseWorkItem(client: Client, podId: string, input: ReleaseInput, start: PodWipStart): Promise<ReleaseResult> {
  return updateWithStart(client, podId, releaseUpdate, input, start);
}

/**
 * Changes the pod's limit, per-person limit, mode or expedite quota; audited with actor and
 * reason. Callers applying the same change (every replica following one policy version) pass
 * the same `updateId`, and Temporal applies it once.
 */
export function setPodPolicy(
  client: Client,
  podId: string,
  input: SetPolicyInput,
  start: PodWipStart,
  options: { updateId?: string } = {},
): Promise<SetPolicyResult> {
  return updateWithStart(client, podId, setPolicyUpdate, input, start, options.updateId);
}

/** A PR got new commits (`synchronize`). */
export function signalHeadShaChanged(client: Client, podId: string, input: HeadShaChangedInput, start: PodWipStart): Promise<void> {
  return signalWithStart(client, podId, headShaChangedSignal, input, start);
}

/** A PR was converted to draft, or marked ready for review. */
export function signalDraftChanged(client: Client, podId: string, input: DraftChangedInput, start: PodWipStart): Promise<void> {
  return signalWithStart(client, podId, draftChangedSignal, input, start);
}

/** A merge queue asks for the verdict on its group's head SHA. */
export function signalMergeGroup(client: Client, podId: string, input: MergeGroupInput, start: PodWipStart): Promise<void> {
  return signalWithStart(client, podId, mergeGroupRequestedSignal, input, start);
}

/** The pod's WIP state, or `undefined` when its workflow has never run. */
export async function getWipState(client: Client, podId: string): Promise<PodWipView | undefined> {
  try {
    return await client.workflow.getHandle(podWipWorkflowId(podId)).query(wipStateQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
