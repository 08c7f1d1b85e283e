import type { Client } from '@temporalio/client';
import { projectForPullRequest, type ClosConfig, type PullRequestRef } from '@clos/domain';
import { signalProject } from '../client/project-stage-client.js';
import { projectStageStart } from '../client/workflow-starts.js';
import { pullRequestChangedSignal, type PullRequestChangedInput } from '../shared/project-stage-messages.js';

/**
 * Tells the project a pull request belongs to (its `project:<id>` label) that the PR is open
 * or closed, as the lost webhook would have: the gate registers it and posts (or stops
 * posting) `clos/stage-gate` on its head. Signal-with-start, and the gate keeps one entry per
 * PR, so a repeated call changes nothing. Answers the project's id, or `undefined` when the
 * PR belongs to none.
 */
export async function redriveProjectGate(
  client: Client,
  cfg: ClosConfig,
  pr: Pick<PullRequestRef, 'labels'>,
  change: PullRequestChangedInput,
  taskQueue: string,
): Promise<string | undefined> {
  const project = projectForPullRequest(cfg, pr);
  if (project === undefined) return undefined;
  const start = projectStageStart(cfg, project.id);
  if (start === undefined) return undefined;
  await signalProject(client, { ...start, taskQueue }, pullRequestChangedSignal, change);
  return project.id;
}
