import type { PullRequestRef } from '@clos/domain';
import type { GithubPullRequest } from './github-payload-schemas.js';

/** The domain's view of a pull request, from the `pull_request` object of any PR-bearing payload. */
export function toPullRequestRef(repo: string, pr: GithubPullRequest): PullRequestRef {
  return {
    repo,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? null,
    url: pr.html_url,
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseRef: pr.base.ref,
    author: pr.user.login,
    draft: pr.draft ?? false,
    labels: (pr.labels ?? []).map((label) => label.name),
    state: pr.state,
    // Review payloads carry no `merged` flag; a merge time is the same fact.
    merged: pr.merged ?? (pr.merged_at !== null && pr.merged_at !== undefined),
    // What the flow metrics measure: GitHub's own times, not when the delivery arrived.
    ...(typeof pr.created_at === 'string' ? { createdAt: pr.created_at } : {}),
    ...(typeof pr.closed_at === 'string' ? { closedAt: pr.closed_at } : {}),
    ...(typeof pr.merged_at === 'string' ? { mergedAt: pr.merged_at } : {}),
  };
}
