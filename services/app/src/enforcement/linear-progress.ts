import type { LinearClient } from '@clos/linear';
import type { LinearProgressInput } from '@clos/workflows/client';

/**
 * How far a Linear project is: its issues, canceled ones left out (they will never be done
 * and must not hold a gate), and how many of those are completed.
 */
export async function countLinearProgress(linear: LinearClient, projectIdOrName: string): Promise<LinearProgressInput> {
  const issues = await linear.listProjectIssues(projectIdOrName);
  const counted = issues.filter((issue) => issue.stateType !== 'canceled');
  return { total: counted.length, done: counted.filter((issue) => issue.stateType === 'completed').length };
}
