import { EventEmitter } from 'node:events';
import { FakeGithubOAuth } from './fake-github-oauth.js';

/** A pull request as the stand-in stores it. */
export interface FakePullRequest {
  repo: string;
  number: number;
  title: string;
  body: string | null;
  headSha: string;
  headRef: string;
  baseRef: string;
  author: string;
  draft: boolean;
  labels: string[];
  state: 'open' | 'closed';
  merged: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a test supplies to seed a pull request; everything but the number and head SHA has a default. */
export type FakePullRequestInput = Partial<Omit<FakePullRequest, 'repo' | 'number' | 'headSha'>> & {
  number: number;
  headSha: string;
};

/** A review in GitHub's REST spelling (upper-case states). */
export interface FakeReview {
  id: number;
  reviewer: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commitId: string;
  submittedAt: string;
}

/** A commit status as posted. */
export interface FakeStatus {
  id: number;
  repo: string;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
}

/** A check run on a commit. */
export interface FakeCheckRun {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  completedAt: string | null;
}

/** An issue created through the API. */
export interface FakeIssue {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  createdAt: string;
}

/** A comment on an issue or pull request. */
export interface FakeComment {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  createdAt: string;
}

/** The branch a request without `ref` reads from. */
export const FAKE_DEFAULT_BRANCH = 'main';

/** In-memory GitHub: the repositories' pull requests, files, statuses, checks, issues and comments. */
export class FakeGithubState {
  readonly pullRequests = new Map<string, FakePullRequest>();
  readonly reviews = new Map<string, FakeReview[]>();
  readonly files = new Map<string, string>();
  readonly statuses: FakeStatus[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  readonly issues: FakeIssue[] = [];
  readonly comments: FakeComment[] = [];
  /** Installation id per account, for GitHub App authentication. */
  readonly installations = new Map<string, number>();
  /** OAuth Apps, accounts and the codes and tokens of "Sign in with GitHub". */
  readonly oauth = new FakeGithubOAuth();
  /** Access granted to accounts, by `owner/name:login` (lower case). */
  readonly access = new Map<string, 'admin' | 'write' | 'read'>();
  readonly events = new EventEmitter();
  private nextId = 1000;

  id(): number {
    return this.nextId++;
  }

  upsertPullRequest(repo: string, input: FakePullRequestInput): FakePullRequest {
    const now = new Date().toISOString();
    const existing = this.pullRequests.get(prKey(repo, input.number));
    const pr: FakePullRequest = {
      title: `Pull request ${input.number}`,
      body: null,
      headRef: `feature-${input.number}`,
      baseRef: FAKE_DEFAULT_BRANCH,
      author: 'octocat',
      draft: false,
      labels: [],
      state: 'open',
      merged: false,
      createdAt: now,
      ...existing,
      ...input,
      repo,
      updatedAt: now,
    };
    this.pullRequests.set(prKey(repo, pr.number), pr);
    return pr;
  }

  pullRequest(repo: string, number: number): FakePullRequest | undefined {
    return this.pullRequests.get(prKey(repo, number));
  }

  reviewsOf(repo: string, number: number): FakeReview[] {
    const key = prKey(repo, number);
    const list = this.reviews.get(key) ?? [];
    this.reviews.set(key, list);
    return list;
  }

  fileKey(repo: string, ref: string, path: string): string {
    return `${repo}\u0000${ref}\u0000${path.replace(/^\/+/, '')}`;
  }

  /** Paths directly under `dir` (files or sub-directories) on `ref`. */
  listDirectory(repo: string, ref: string, dir: string): { name: string; path: string; type: 'file' | 'dir' }[] {
    const prefix = this.fileKey(repo, ref, dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`);
    const seen = new Map<string, 'file' | 'dir'>();
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const [name, ...deeper] = rest.split('/');
      if (name === undefined || name === '') continue;
      seen.set(name, deeper.length > 0 ? 'dir' : 'file');
    }
    const base = dir.replace(/\/+$/, '');
    return [...seen].map(([name, type]) => ({ name, type, path: base === '' ? name : `${base}/${name}` }));
  }

  addStatus(status: Omit<FakeStatus, 'id' | 'createdAt'>): FakeStatus {
    const stored: FakeStatus = { ...status, id: this.id(), createdAt: new Date().toISOString() };
    this.statuses.push(stored);
    this.events.emit('status', stored);
    return stored;
  }

  /** Statuses of a commit, newest first, as GitHub lists them. */
  statusesFor(repo: string, sha: string): FakeStatus[] {
    return this.statuses.filter((s) => s.repo === repo && s.sha === sha).reverse();
  }

  /** The newest status per context of a commit. */
  latestStatuses(repo: string, sha: string): FakeStatus[] {
    const latest = new Map<string, FakeStatus>();
    for (const status of this.statusesFor(repo, sha)) if (!latest.has(status.context)) latest.set(status.context, status);
    return [...latest.values()];
  }

  /** Issue and pull request numbers share one sequence per repository, as on GitHub. */
  accessKey(repo: string, login: string): string {
    return `${repo.toLowerCase()}:${login.toLowerCase()}`;
  }

  nextIssueNumber(repo: string): number {
    let max = 0;
    for (const pr of this.pullRequests.values()) if (pr.repo === repo) max = Math.max(max, pr.number);
    for (const issue of this.issues) if (issue.repo === repo) max = Math.max(max, issue.number);
    return max + 1;
  }
}

function prKey(repo: string, number: number): string {
  return `${repo}#${number}`;
}
