import type { PodWipView } from '../shared/pod-wip-messages.js';

/** A pull request a pod's workflow holds, queues or keeps as a draft. */
export interface TrackedPullRequest {
  repo: string;
  number: number;
  headSha: string;
}

/** `repo#number` (repo lower-cased, as GitHub matches it) → every PR the pod's workflow tracks. */
export function trackedPullRequests(view: PodWipView | undefined): Map<string, TrackedPullRequest> {
  const tracked = new Map<string, TrackedPullRequest>();
  for (const item of view?.items ?? []) {
    for (const pr of item.pullRequests) tracked.set(`${pr.repo.toLowerCase()}#${pr.number}`, { repo: pr.repo, number: pr.number, headSha: pr.headSha });
  }
  return tracked;
}
