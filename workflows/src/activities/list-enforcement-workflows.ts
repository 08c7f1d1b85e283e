import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WORKFLOW_TYPES } from '../shared/ids.js';
import type { ListEnforcementWorkflowsInput } from './types.js';

/** Ids of the running pod and project workflows, for the reconciler. */
export function listEnforcementWorkflowsActivity(deps: {
  temporal?: Pick<Client, 'workflow'>;
}): (input: ListEnforcementWorkflowsInput) => Promise<string[]> {
  return async ({ limit, taskQueue }) => {
    const temporal = deps.temporal;
    if (temporal === undefined) {
      throw ApplicationFailure.nonRetryable('listEnforcementWorkflows needs a Temporal client in the activity dependencies', 'Unavailable');
    }
    const query =
      `ExecutionStatus = 'Running' AND ` +
      `(WorkflowType = '${WORKFLOW_TYPES.podWip}' OR WorkflowType = '${WORKFLOW_TYPES.projectStage}')` +
      (taskQueue !== undefined ? ` AND TaskQueue = '${taskQueue.replaceAll("'", "''")}'` : '');
    const ids: string[] = [];
    for await (const execution of temporal.workflow.list({ query })) {
      if (!ids.includes(execution.workflowId)) ids.push(execution.workflowId);
      if (ids.length >= limit) break;
    }
    return ids;
  };
}
