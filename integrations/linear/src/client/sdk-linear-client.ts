import { ClosError, LINEAR_STATE_TYPES, type LinearStateType } from '@clos/domain';
import { LinearClient as LinearSdkClient, type LinearDocument } from '@linear/sdk';
import type { LinearClient, LinearIssueSummary } from './linear-client.js';
import { toClosError } from './linear-errors.js';

/** Options of {@link createSdkLinearClient}; give an API key or an OAuth access token. */
export interface SdkLinearClientOptions {
  apiKey?: string;
  accessToken?: string;
  /** `LINEAR_API_URL`; default https://api.linear.app/graphql. */
  apiUrl?: string;
}

/**
 * One query for a whole page of a project's issues with their state category. The SDK's
 * generated `issues()` returns states lazily (one more request per issue), so this uses
 * the SDK's raw request with exactly the fields needed.
 */
export const PROJECT_ISSUES_QUERY = `query ClosProjectIssues($filter: IssueFilter, $first: Int, $after: String) {
  issues(filter: $filter, first: $first, after: $after) {
    nodes { id identifier title state { type } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface ProjectIssuesPage {
  issues: {
    nodes: { id: string; identifier: string; title: string; state: { type: string } | null }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PAGE_SIZE = 100;
/** Safety stop: 50 pages is 5,000 issues, far past any one project's gate. */
const MAX_PAGES = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATE_TYPES: ReadonlySet<string> = new Set(LINEAR_STATE_TYPES);

/** The {@link LinearClient} over Linear's GraphQL API via `@linear/sdk`. */
export function createSdkLinearClient(options: SdkLinearClientOptions): LinearClient {
  const sdk = new LinearSdkClient({
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
    ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
  });

  async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toClosError(error, operation);
    }
  }

  return {
    createComment: (issueId, body) =>
      call('createComment', async () => {
        const payload = await sdk.createComment({ issueId, body });
        const id = payload.commentId;
        if (!payload.success || id === undefined) {
          throw new ClosError('Unavailable', `Linear did not create the comment on ${issueId}`, { issueId });
        }
        return { id };
      }),

    listProjectIssues: (projectIdOrName) =>
      call('listProjectIssues', async () => {
        const filter: LinearDocument.IssueFilter = UUID.test(projectIdOrName)
          ? { project: { id: { eq: projectIdOrName } } }
          : { project: { name: { eqIgnoreCase: projectIdOrName } } };
        const issues: LinearIssueSummary[] = [];
        let after: string | null = null;
        for (let page = 0; page < MAX_PAGES; page++) {
          const variables: Record<string, unknown> = { filter, first: PAGE_SIZE, after };
          const response = await sdk.client.rawRequest<ProjectIssuesPage, Record<string, unknown>>(PROJECT_ISSUES_QUERY, variables);
          const connection = response.data?.issues;
          if (connection === undefined) throw new ClosError('Unavailable', 'Linear answered without issues');
          for (const node of connection.nodes) {
            const type = node.state?.type ?? '';
            // An unknown category is not "done"; treating it as started keeps gates closed.
            const stateType = (STATE_TYPES.has(type) ? type : 'started') as LinearStateType;
            issues.push({ id: node.id, identifier: node.identifier, title: node.title, stateType });
          }
          if (!connection.pageInfo.hasNextPage || connection.pageInfo.endCursor === null) break;
          after = connection.pageInfo.endCursor;
        }
        return issues;
      }),

    addLabel: (issueId, labelName) =>
      call('addLabel', async () => {
        const labels = await sdk.issueLabels({ filter: { name: { eqIgnoreCase: labelName } }, first: 1 });
        const label = labels.nodes[0];
        if (label === undefined) {
          throw new ClosError('NotFound', `Linear has no label named "${labelName}"`, { labelName });
        }
        const payload = await sdk.issueAddLabel(issueId, label.id);
        if (!payload.success) throw new ClosError('Unavailable', `Linear did not add "${labelName}" to ${issueId}`, { issueId, labelName });
      }),
  };
}
