import { linearProgress } from '@clos/domain';
import type { LinearClient } from '@clos/linear';
import type { LinearProgressInput } from '@clos/workflows/client';

/** How far a Linear project is, read from Linear and counted by the domain's one rule. */
export async function countLinearProgress(linear: LinearClient, projectIdOrName: string): Promise<LinearProgressInput> {
  return linearProgress(await linear.listProjectIssues(projectIdOrName));
}
