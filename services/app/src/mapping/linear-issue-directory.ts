import type { LinearProjectRef } from '@clos/domain';
import type { ProjectionStore } from '@clos/platform';

/** What CLOS remembers of a Linear issue between deliveries. */
export interface LinearIssueFacts {
  identifier: string;
  projectId: string | null;
  projectName: string | null;
  stateType: string;
}

/** A pull request naming a Linear issue, as last seen. */
export interface LinkedPullRequest {
  /** `gh:owner/repo#12`. */
  id: string;
  repo: string;
  number: number;
  headSha: string;
  state: 'open' | 'closed';
}

/**
 * Linear issues as last reported by Linear's webhooks. A pull request names its issue only
 * by key (`PAY-44` in the branch, title or body); the issue's project comes from Linear's
 * deliveries, which may arrive before or after the PR's. This directory bridges the two.
 */
export interface LinearIssueDirectory {
  /** Records what Linear reported at `at` (ISO-8601); an older report never overwrites a newer one. */
  remember(issue: LinearIssueFacts, at: string): Promise<void>;
  get(identifier: string): Promise<LinearIssueFacts | undefined>;
  /** The Linear project of the first of `identifiers` that has one. */
  projectOf(identifiers: readonly string[]): Promise<LinearProjectRef>;
  /** Pull requests known to name the issue. */
  pullRequestsOf(identifier: string): Promise<LinkedPullRequest[]>;
  /** Records (or updates) a pull request naming the issue; `at` (ISO-8601) keeps an older report from winning. */
  linkPullRequest(identifier: string, pr: LinkedPullRequest, at: string): Promise<void>;
}

const pk = (identifier: string): string => `linear-issue#${identifier.toUpperCase()}`;
const PR_PREFIX = 'pr#';

/** {@link LinearIssueDirectory} kept in the projections table (`linear-issue#PAY-44`). */
export class ProjectionLinearIssueDirectory implements LinearIssueDirectory {
  constructor(private readonly store: ProjectionStore) {}

  async remember(issue: LinearIssueFacts, at: string): Promise<void> {
    const version = Date.parse(at);
    await this.store.put(
      pk(issue.identifier),
      'issue',
      { ...issue, identifier: issue.identifier.toUpperCase() },
      Number.isNaN(version) ? {} : { version },
    );
  }

  async get(identifier: string): Promise<LinearIssueFacts | undefined> {
    const item = await this.store.get<LinearIssueFacts & Record<string, unknown>>(pk(identifier), 'issue');
    return item?.doc;
  }

  async projectOf(identifiers: readonly string[]): Promise<LinearProjectRef> {
    for (const identifier of identifiers) {
      const issue = await this.get(identifier);
      if (issue !== undefined && (issue.projectId !== null || issue.projectName !== null)) {
        return { id: issue.projectId, name: issue.projectName };
      }
    }
    return undefined;
  }

  async pullRequestsOf(identifier: string): Promise<LinkedPullRequest[]> {
    const items = await this.store.query<LinkedPullRequest & Record<string, unknown>>(pk(identifier), { skPrefix: PR_PREFIX });
    return items.map((item) => item.doc);
  }

  async linkPullRequest(identifier: string, pr: LinkedPullRequest, at: string): Promise<void> {
    const version = Date.parse(at);
    await this.store.put(pk(identifier), `${PR_PREFIX}${pr.id}`, { ...pr }, Number.isNaN(version) ? {} : { version });
  }
}
