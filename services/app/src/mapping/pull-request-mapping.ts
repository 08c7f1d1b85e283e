import {
  extractLinearKeys,
  memberByGithub,
  personId,
  podForRepo,
  projectForPullRequest,
  type ClosConfig,
  type PodConfig,
  type ProjectConfig,
  type PullRequestRef,
} from '@clos/domain';
import type { LinearIssueDirectory } from './linear-issue-directory.js';

/** What clos.yml says about a pull request. */
export interface PullRequestMapping {
  /** `undefined`: no pod owns the repository, so CLOS leaves the PR alone. */
  pod: PodConfig | undefined;
  project: ProjectConfig | undefined;
  personId: string;
  /** Linear keys of the pod's teams named in the branch, title or body: the PR and these issues are one work item. */
  linearKeys: string[];
  expedite: boolean;
}

/** The Linear keys a pull request names, for a pod's teams. */
export function linearKeysOf(pr: Pick<PullRequestRef, 'headRef' | 'title' | 'body'>, pod: PodConfig | undefined): string[] {
  if (pod === undefined || pod.linearTeams.length === 0) return [];
  return extractLinearKeys([pr.headRef, pr.title, pr.body ?? ''].join('\n'), pod.linearTeams);
}

/**
 * Maps a pull request through clos.yml: the pod owning its repository, its project (a
 * `project:<id>` label, else the project of the Linear issue it names), its author as a
 * person id, its Linear keys and whether it carries the pod's expedite label.
 */
export async function mapPullRequest(
  cfg: ClosConfig,
  pr: PullRequestRef,
  linearIssues: LinearIssueDirectory | undefined,
): Promise<PullRequestMapping> {
  const pod = podForRepo(cfg, pr.repo);
  const linearKeys = linearKeysOf(pr, pod);
  let project = projectForPullRequest(cfg, pr);
  if (project === undefined && linearKeys.length > 0 && linearIssues !== undefined) {
    project = projectForPullRequest(cfg, pr, await linearIssues.projectOf(linearKeys));
  }
  const member = memberByGithub(cfg, pr.author, pod?.id);
  const expediteLabel = pod?.expedite.label.toLowerCase();
  return {
    pod,
    project,
    personId: member !== undefined ? personId(member) : pr.author.toLowerCase(),
    linearKeys,
    expedite: expediteLabel !== undefined && pr.labels.some((l) => l.toLowerCase() === expediteLabel),
  };
}
