import { fitStatusDescription, splitRepo, type CommitStatus, type GithubClient } from './github-client.js';
import { consoleLogger, type IntegrationLogger } from './logger.js';

/** One call the dry-run client received instead of sending it. */
export interface DryRunGithubCall {
  operation: keyof GithubClient;
  args: Record<string, unknown>;
  at: string;
}

/** A {@link GithubClient} that sends nothing and remembers what it was asked. */
export interface DryRunGithubClient extends GithubClient {
  /** Every call, in order. */
  readonly calls: readonly DryRunGithubCall[];
}

/** Options of {@link createDryRunGithubClient}. */
export interface DryRunGithubClientOptions {
  log?: IntegrationLogger;
  /** Clock for the recorded times; defaults to the system clock. */
  now?: () => Date;
}

/**
 * The GitHub client used when no credentials are configured: each call is logged
 * ("would set clos/wip failure on acme/api@abc1234: …") and recorded. Statuses it "posted"
 * are remembered and listed back, so "write only when changed" behaves as it would live;
 * other reads answer empty (no pull requests, no files, no reviews, no checks).
 */
export function createDryRunGithubClient(options: DryRunGithubClientOptions = {}): DryRunGithubClient {
  const log = options.log ?? consoleLogger;
  const now = options.now ?? (() => new Date());
  const calls: DryRunGithubCall[] = [];
  const statuses = new Map<string, Map<string, CommitStatus>>();
  let nextNumber = 1;

  const record = (operation: keyof GithubClient, args: Record<string, unknown>, message: string): void => {
    // Validate the repository shape exactly as the live adapter would.
    if (typeof args.repo === 'string') splitRepo(args.repo);
    calls.push({ operation, args, at: now().toISOString() });
    log.info({ dryRun: true, vendor: 'github', operation, ...args }, `[dry-run] ${message}`);
  };

  return {
    calls,
    setCommitStatus: async (input) => {
      const description = fitStatusDescription(input.description);
      record('setCommitStatus', { ...input, description }, `would set ${input.context} ${input.state} on ${input.repo}@${input.sha.slice(0, 7)}: ${description}`);
      const key = `${input.repo}@${input.sha}`;
      const forSha = statuses.get(key) ?? new Map<string, CommitStatus>();
      forSha.set(input.context, {
        context: input.context,
        state: input.state,
        description,
        targetUrl: input.targetUrl ?? null,
        updatedAt: now().toISOString(),
      });
      statuses.set(key, forSha);
    },
    listCommitStatuses: async (repo, sha) => {
      record('listCommitStatuses', { repo, sha }, `would list statuses of ${repo}@${sha.slice(0, 7)}`);
      return [...(statuses.get(`${repo}@${sha}`)?.values() ?? [])];
    },
    getPullRequest: async (repo, number) => {
      record('getPullRequest', { repo, number }, `would read ${repo}#${number}`);
      return null;
    },
    listOpenPullRequests: async (repo) => {
      record('listOpenPullRequests', { repo }, `would list open pull requests of ${repo}`);
      return [];
    },
    listReviews: async (repo, number) => {
      record('listReviews', { repo, number }, `would list reviews of ${repo}#${number}`);
      return [];
    },
    getFileContent: async (repo, path, ref) => {
      record('getFileContent', { repo, path, ref }, `would read ${repo}:${path}@${ref}`);
      return null;
    },
    listCheckRunsForRef: async (repo, sha) => {
      record('listCheckRunsForRef', { repo, sha }, `would list check runs of ${repo}@${sha.slice(0, 7)}`);
      return [];
    },
    createIssue: async (repo, issue) => {
      record('createIssue', { repo, ...issue }, `would open an issue on ${repo}: ${issue.title}`);
      const number = nextNumber++;
      return { number, url: `https://github.com/${repo}/issues/${number}` };
    },
    repositoryPermission: async (repo, login) => {
      // Nobody can be vouched for without credentials.
      record('repositoryPermission', { repo, login }, `would ask GitHub what ${login} may do in ${repo}`);
      return 'none';
    },
    createComment: async (repo, issueNumber, body) => {
      record('createComment', { repo, issueNumber, body }, `would comment on ${repo}#${issueNumber}`);
      const id = nextNumber++;
      return { id, url: `https://github.com/${repo}/issues/${issueNumber}#issuecomment-${id}` };
    },
  };
}
