import { invalidInput, REPO_NAME_PATTERN, type CheckConclusion, type EventPayload, type PullRequestRef } from '@clos/domain';

/** A commit status state, as GitHub names them. */
export type CommitStatusState = 'error' | 'failure' | 'pending' | 'success';

/** A status to post on a commit. */
export interface SetCommitStatusInput {
  /** `owner/name`. */
  repo: string;
  sha: string;
  /** e.g. `clos/wip`. */
  context: string;
  state: CommitStatusState;
  /** Why, and what to do; cut to GitHub's 140 characters if longer. */
  description: string;
  /** The page explaining the verdict. */
  targetUrl?: string | null;
}

/** The current status of one context on a commit. */
export interface CommitStatus {
  context: string;
  state: CommitStatusState;
  description: string | null;
  targetUrl: string | null;
  /** ISO-8601 time it was posted. */
  updatedAt: string;
}

/** A submitted review; pending (unsubmitted) reviews are left out. */
export interface PullRequestReview {
  reviewer: string;
  state: EventPayload<'pr.review_submitted'>['review']['state'];
  submittedAt: string | null;
  /** The head SHA the review was made on, so stale approvals can be told apart. */
  commitSha: string | null;
}

/** A check run on a commit. */
export interface CheckRunSummary {
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  /** `null` until the run completes. */
  conclusion: CheckConclusion | null;
  headSha: string;
  completedAt: string | null;
}

/** An issue to open (e.g. an escalation). */
export interface CreateIssueInput {
  title: string;
  body: string;
  labels?: string[];
}

/** What GitHub assigned to a created issue. */
export interface CreatedIssue {
  number: number;
  url: string;
}

/** What GitHub assigned to a created comment. */
export interface CreatedComment {
  id: number;
  url: string;
}

/**
 * The GitHub operations CLOS needs, in domain words. Adapters: {@link createOctokitGithubClient}
 * (the real API, or a local stand-in via `baseUrl`) and {@link createDryRunGithubClient}
 * (no credentials: logs and records what it would send). Failures are `ClosError`s:
 * `NotFound`, `Unauthorized`, `Forbidden`, `RateLimited` (with `details.retryAfterSeconds`),
 * `InvalidInput` (GitHub refused the content) or `Unavailable`.
 */
export interface GithubClient {
  /** Posts a commit status. GitHub keeps the newest per context, so posting is naturally idempotent. */
  setCommitStatus(input: SetCommitStatusInput): Promise<void>;
  /** The newest status of every context on a commit. */
  listCommitStatuses(repo: string, sha: string): Promise<CommitStatus[]>;
  /** A pull request, or `null` when it does not exist. */
  getPullRequest(repo: string, number: number): Promise<PullRequestRef | null>;
  /** All open pull requests of a repository (drafts included; callers decide). */
  listOpenPullRequests(repo: string): Promise<PullRequestRef[]>;
  /** Submitted reviews of a pull request, oldest first. */
  listReviews(repo: string, number: number): Promise<PullRequestReview[]>;
  /** A file's text at a ref, or `null` when the path does not exist or is not a file. */
  getFileContent(repo: string, path: string, ref: string): Promise<string | null>;
  /** Check runs on a commit. */
  listCheckRunsForRef(repo: string, sha: string): Promise<CheckRunSummary[]>;
  createIssue(repo: string, issue: CreateIssueInput): Promise<CreatedIssue>;
  /** Comments on an issue or pull request. */
  createComment(repo: string, issueNumber: number, body: string): Promise<CreatedComment>;
  /**
   * What a GitHub account may do in a repository, as GitHub answers it for the app's
   * credentials: `none` when it has no access or no such account exists.
   */
  repositoryPermission(repo: string, login: string): Promise<RepositoryPermission>;
}

/** A GitHub account's access to a repository, GitHub's coarse levels (maintain counts as write, triage as read). */
export type RepositoryPermission = 'admin' | 'write' | 'read' | 'none';

/** GitHub's limit on a commit status description. */
export const STATUS_DESCRIPTION_MAX = 140;

/** Cuts a status description to GitHub's limit, marking the cut. */
export function fitStatusDescription(description: string): string {
  if (description.length <= STATUS_DESCRIPTION_MAX) return description;
  return `${description.slice(0, STATUS_DESCRIPTION_MAX - 1)}…`;
}

/** Splits `owner/name`; anything else is `InvalidInput` naming the bad value. */
export function splitRepo(repo: string): { owner: string; repo: string } {
  const [owner, name] = repo.split('/');
  if (!REPO_NAME_PATTERN.test(repo) || owner === undefined || name === undefined) {
    throw invalidInput(`expected a repository as owner/name, got ${JSON.stringify(repo)}`, { repo });
  }
  return { owner, repo: name };
}
