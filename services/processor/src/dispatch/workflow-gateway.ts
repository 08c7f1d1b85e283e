import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import {
  podWipBatchUpdate,
  podWipWorkflowId,
  projectStageBatchSignal,
  projectStageWorkflowId,
  TASK_QUEUE,
  WORKFLOW_TYPES,
  type PodWipCommand,
  type PodWipCommandResult,
  type PodWipInput,
  type ProjectStageCommand,
  type ProjectStageInput,
} from '@clos/workflows';

/** How the processor reaches the enforcement workflows. */
export interface WorkflowGateway {
  /**
   * Applies commands to a pod's WIP workflow, starting it when it is not running
   * (update-with-start). `updateId` makes a retried call a no-op on the server.
   */
  updatePod(start: PodWipInput, commands: PodWipCommand[], updateId: string): Promise<PodWipCommandResult[]>;
  /** Signals facts to a project's stage workflow, starting it when it is not running (signal-with-start). */
  signalProject(start: ProjectStageInput, commands: ProjectStageCommand[]): Promise<void>;
}

/** Options of {@link TemporalWorkflowGateway}. */
export interface TemporalWorkflowGatewayOptions {
  client: Client;
  /** The worker's task queue; the workflows' own default when omitted. */
  taskQueue?: string;
}

/** {@link WorkflowGateway} on a Temporal client. Business ids are workflow ids: `pod-wip:<pod>`, `project-stage:<project>`. */
export class TemporalWorkflowGateway implements WorkflowGateway {
  private readonly client: Client;
  private readonly taskQueue: string;

  constructor(options: TemporalWorkflowGatewayOptions) {
    this.client = options.client;
    this.taskQueue = options.taskQueue ?? TASK_QUEUE;
  }

  async updatePod(start: PodWipInput, commands: PodWipCommand[], updateId: string): Promise<PodWipCommandResult[]> {
    return this.client.workflow.executeUpdateWithStart(podWipBatchUpdate, {
      args: [{ commands }],
      updateId,
      startWorkflowOperation: new WithStartWorkflowOperation(WORKFLOW_TYPES.podWip, {
        workflowId: podWipWorkflowId(start.podId),
        taskQueue: this.taskQueue,
        args: [start],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
  }

  async signalProject(start: ProjectStageInput, commands: ProjectStageCommand[]): Promise<void> {
    await this.client.workflow.signalWithStart(WORKFLOW_TYPES.projectStage, {
      workflowId: projectStageWorkflowId(start.projectId),
      taskQueue: this.taskQueue,
      args: [start],
      signal: projectStageBatchSignal,
      signalArgs: [{ commands }],
    });
  }
}
