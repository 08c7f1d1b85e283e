import type { PodWipCommand, ProjectStageCommand } from '@clos/workflows';

/** What one event asks of a pod's WIP workflow: one command of its batch update. */
export type PodOp = PodWipCommand;

/**
 * What one event asks of a project's stage workflow. `linearRefresh` is resolved at
 * delivery: one count of the project's Linear issues serves every event of a burst.
 */
export type StageOp = ProjectStageCommand | { type: 'linearRefresh' };

/**
 * One thing to tell one workflow, with the key of the event (and step) it came from — the
 * workflow applies each key once — and the correlation id of the delivery behind it.
 */
export type WorkflowRoute = { correlationId?: string } & (
  | { target: 'pod'; podId: string; key: string; op: PodOp }
  | { target: 'project'; projectId: string; key: string; op: StageOp }
);
