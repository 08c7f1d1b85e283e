/**
 * Business ids are workflow ids: one long-lived workflow per pod and per project,
 * so every caller that knows the pod or project reaches the same execution and
 * start-if-absent (update-with-start, signal-with-start) is idempotent.
 */

/** The task queue every CLOS enforcement workflow and activity runs on. */
export const TASK_QUEUE = 'clos-enforcement';

/** Workflow id of a pod's WIP workflow: `pod-wip:<podId>`. */
export function podWipWorkflowId(podId: string): string {
  return `pod-wip:${podId}`;
}

/** Workflow id of a project's stage-gate workflow: `project-stage:<projectId>`. */
export function projectStageWorkflowId(projectId: string): string {
  return `project-stage:${projectId}`;
}

/** Id of the Temporal Schedule that runs the status reconciler. */
export const RECONCILER_SCHEDULE_ID = 'clos-status-reconciler';

/** Workflow id prefix of reconciler runs started by the schedule. */
export const RECONCILER_WORKFLOW_ID = 'clos-status-reconciler';

/** Workflow type names, as registered by the worker and used in visibility queries. */
export const WORKFLOW_TYPES = {
  podWip: 'podWip',
  projectStage: 'projectStage',
  reconcileStatuses: 'reconcileStatuses',
} as const;

/** The commit status contexts the workflows write. */
export const STATUS_CONTEXTS = {
  wip: 'clos/wip',
  stageGate: 'clos/stage-gate',
} as const;

/** Where the live views of the workflows are kept in the projections table (pk, sk). */
export const PROJECTION_KEYS = {
  podWip: (podId: string) => ({ pk: `pod#${podId}`, sk: 'wip' }),
  projectStage: (projectId: string) => ({ pk: `project#${projectId}`, sk: 'stage' }),
} as const;
