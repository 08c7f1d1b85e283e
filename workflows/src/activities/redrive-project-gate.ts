import type { Client } from '@temporalio/client';
import { podById, projectForPullRequest, resolveTemplate, type ClosConfig, type PullRequestRef } from '@clos/domain';
import { signalProject, type ProjectStageStart } from '../client/project-stage-client.js';
import { pullRequestChangedSignal, type PullRequestChangedInput } from '../shared/project-stage-messages.js';

/** How a project's stage workflow starts, from clos.yml; `undefined` for a project it cannot run. */
function projectStart(cfg: ClosConfig, projectId: string, taskQueue: string): ProjectStageStart | undefined {
  const project = cfg.projects.find((p) => p.id === projectId);
  if (project === undefined) return undefined;
  const template = resolveTemplate(cfg, project.template);
  const pod = podById(cfg, project.pod);
  if (template === undefined || pod === undefined) return undefined;
  return {
    projectId,
    podId: pod.id,
    template,
    repos: pod.repos,
    taskQueue,
    ...(project.linearProject !== undefined ? { linearProject: project.linearProject } : {}),
    ...(project.stageTimeLimitDays !== undefined ? { stageTimeLimitDays: project.stageTimeLimitDays } : {}),
    ...(pod.slackChannel !== undefined ? { channel: pod.slackChannel } : {}),
  };
}

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
  const start = projectStart(cfg, project.id, taskQueue);
  if (start === undefined) return undefined;
  await signalProject(client, start, pullRequestChangedSignal, change);
  return project.id;
}
