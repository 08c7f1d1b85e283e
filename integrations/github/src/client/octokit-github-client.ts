import { ClosError, type PullRequestRef } from '@clos/domain';
import type { z } from 'zod';
import { pullRequestSchema } from '../webhook/github-payload-schemas.js';
import { formatIssuePath } from '../webhook/parse-payload.js';
import { toCheckConclusion, toReviewState } from '../webhook/github-states.js';
import { toPullRequestRef } from '../webhook/to-pull-request-ref.js';
import { isNotFound, toClosError } from './github-errors.js';
import {
  fitStatusDescription,
  splitRepo,
  type CheckRunSummary,
  type CommitStatus,
  type CommitStatusState,
  type GithubClient,
  type PullRequestReview,
  type RepositoryPermission,
} from './github-client.js';
import { consoleLogger, type IntegrationLogger } from './logger.js';
import { OctokitPool, type GithubAuth, type OctokitTuning, type ThrottledOctokit } from './octokit-factory.js';

/** Options of {@link createOctokitGithubClient}. */
export interface OctokitGithubClientOptions extends Omit<OctokitTuning, 'log'> {
  auth: GithubAuth;
  log?: IntegrationLogger;
}

const PAGE = 100;
/** Combined-status pages to read at most: 1,000 contexts is far beyond any real commit. */
const MAX_STATUS_PAGES = 10;

/**
 * The {@link GithubClient} over the GitHub REST API (Octokit with the throttling and retry
 * plugins): waits out primary and secondary rate limits as GitHub's headers ask, spaces
 * writes, retries 5xx, and reports everything else as a `ClosError`.
 */
export function createOctokitGithubClient(options: OctokitGithubClientOptions): GithubClient {
  const pool = new OctokitPool(options.auth, { ...options, log: options.log ?? consoleLogger });

  async function call<T>(operation: string, repo: string, run: (octokit: ThrottledOctokit, owner: string, name: string) => Promise<T>): Promise<T> {
    const { owner, repo: name } = splitRepo(repo);
    try {
      const octokit = await pool.forRepo(owner, name);
      return await run(octokit, owner, name);
    } catch (error) {
      throw toClosError(error, operation);
    }
  }

  return {
    setCommitStatus: (input) =>
      call('setCommitStatus', input.repo, async (octokit, owner, repo) => {
        await octokit.rest.repos.createCommitStatus({
          owner,
          repo,
          sha: input.sha,
          state: input.state,
          context: input.context,
          description: fitStatusDescription(input.description),
          ...(input.targetUrl ? { target_url: input.targetUrl } : {}),
        });
      }),

    listCommitStatuses: (repoName, sha) =>
      call('listCommitStatuses', repoName, async (octokit, owner, repo) => {
        // The combined endpoint already keeps only the newest status per context.
        const statuses: CommitStatus[] = [];
        for (let page = 1; page <= MAX_STATUS_PAGES; page++) {
          const { data } = await octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: PAGE, page });
          for (const s of data.statuses) {
            statuses.push({
              context: s.context,
              state: s.state as CommitStatusState,
              description: s.description ?? null,
              targetUrl: s.target_url ?? null,
              updatedAt: s.updated_at,
            });
          }
          if (data.statuses.length < PAGE) break;
        }
        return statuses;
      }),

    getPullRequest: async (repoName, number) => {
      try {
        return await call('getPullRequest', repoName, async (octokit, owner, repo) => {
          const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
          return toRef(repoName, data);
        });
      } catch (error) {
        if (error instanceof ClosError && error.code === 'NotFound') return null;
        throw error;
      }
    },

    listOpenPullRequests: (repoName) =>
      call('listOpenPullRequests', repoName, async (octokit, owner, repo) => {
        const prs = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: 'open', per_page: PAGE });
        return prs.map((pr) => toRef(repoName, pr));
      }),

    listReviews: (repoName, number) =>
      call('listReviews', repoName, async (octokit, owner, repo) => {
        const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: PAGE });
        const out: PullRequestReview[] = [];
        for (const review of reviews) {
          const state = toReviewState(review.state);
          if (state === null) continue;
          out.push({
            // A deleted account shows as GitHub's "ghost" user.
            reviewer: review.user?.login ?? 'ghost',
            state,
            submittedAt: review.submitted_at ?? null,
            commitSha: review.commit_id ?? null,
          });
        }
        return out;
      }),

    getFileContent: (repoName, path, ref) =>
      call('getFileContent', repoName, async (octokit, owner, repo) => {
        try {
          const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
          if (Array.isArray(data) || data.type !== 'file') return null;
          if ('encoding' in data && data.encoding === 'base64') return Buffer.from(data.content, 'base64').toString('utf8');
          // Files over 1 MB come without inline content; the raw media type returns them whole.
          const raw = await octokit.rest.repos.getContent({ owner, repo, path, ref, mediaType: { format: 'raw' } });
          return typeof raw.data === 'string' ? raw.data : String(raw.data);
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
      }),

    repositoryPermission: (repoName, login) =>
      call('repositoryPermission', repoName, async (octokit, owner, repo) => {
        try {
          const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
          return toPermission(data.permission);
        } catch (error) {
          // GitHub answers 404 for an unknown account (and a repository the app cannot see).
          if (isNotFound(error)) return 'none';
          throw error;
        }
      }),

    listCheckRunsForRef: (repoName, sha) =>
      call('listCheckRunsForRef', repoName, async (octokit, owner, repo) => {
        const runs = await octokit.paginate(octokit.rest.checks.listForRef, { owner, repo, ref: sha, per_page: PAGE });
        return runs.map(
          (run): CheckRunSummary => ({
            name: run.name,
            status: run.status as CheckRunSummary['status'],
            conclusion: run.conclusion === null ? null : toCheckConclusion(run.conclusion),
            headSha: run.head_sha,
            completedAt: run.completed_at ?? null,
          }),
        );
      }),

    createIssue: (repoName, issue) =>
      call('createIssue', repoName, async (octokit, owner, repo) => {
        const { data } = await octokit.rest.issues.create({
          owner,
          repo,
          title: issue.title,
          body: issue.body,
          ...(issue.labels === undefined ? {} : { labels: issue.labels }),
        });
        return { number: data.number, url: data.html_url };
      }),

    createComment: (repoName, issueNumber, body) =>
      call('createComment', repoName, async (octokit, owner, repo) => {
        const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
        return { id: data.id, url: data.html_url };
      }),
  };
}

function toRef(repo: string, data: unknown): PullRequestRef {
  const pr = parseResponse(pullRequestSchema, data, 'pull request');
  // The API's update time lets a reader order this answer against the webhooks it may lag behind.
  return { ...toPullRequestRef(repo, pr), ...(pr.updated_at !== undefined ? { updatedAt: pr.updated_at } : {}) };
}

/** A GitHub answer without the fields we rely on is GitHub's fault, not the caller's. */
function parseResponse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const paths = result.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join('; ');
  throw new ClosError('Unavailable', `GitHub answered with an unexpected ${what}: ${paths}`);
}

const PERMISSIONS: readonly RepositoryPermission[] = ['admin', 'write', 'read', 'none'];

function toPermission(permission: string): RepositoryPermission {
  return (PERMISSIONS as readonly string[]).includes(permission) ? (permission as RepositoryPermission) : 'none';
}
