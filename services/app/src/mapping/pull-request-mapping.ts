import {
  podForRepo,
  projectForPullRequest,
  pullRequestFacts,
  type ClosConfig,
  type PodConfig,
  type ProjectConfig,
  type PullRequestFacts,
  type PullRequestRef,
} from '@clos/domain';
import type { LinearIssueDirectory } from './linear-issue-directory.js';

export { linearKeysOf } from '@clos/domain';

/** What clos.yml says about a pull request. */
export interface PullRequestMapping extends PullRequestFacts {
  /** `undefined`: no pod owns the repository, so CLOS leaves the PR alone. */
  pod: PodConfig | undefined;
  project: ProjectConfig | undefined;
}

/**
 * Maps a pull request through clos.yml: the pod owning its repository, its project (a
 * `project:<id>` label, else the project of the Linear issue it names) and the domain's
 * work-item facts (author, Linear keys, expedite).
 */
export async function mapPullRequest(
  cfg: ClosConfig,
  pr: PullRequestRef,
  linearIssues: LinearIssueDirectory | undefined,
): Promise<PullRequestMapping> {
  const pod = podForRepo(cfg, pr.repo);
  const facts = pullRequestFacts(cfg, pod, pr);
  let project = projectForPullRequest(cfg, pr);
  if (project === undefined && facts.linearKeys.length > 0 && linearIssues !== undefined) {
    project = projectForPullRequest(cfg, pr, await linearIssues.projectOf(facts.linearKeys));
  }
  return { pod, project, ...facts };
}
