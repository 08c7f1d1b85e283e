import { randomUUID } from 'node:crypto';
import type { FakeLinearState } from './fake-linear-state.js';

/** A GraphQL answer: data, or errors in Linear's shape (`extensions.type` is what the SDK reads). */
export type GraphqlResult =
  | { status: 200; body: { data: Record<string, unknown> } }
  | { status: number; body: { errors: LinearGraphqlError[] }; headers?: Record<string, string> };

/** One error as Linear returns it. */
export interface LinearGraphqlError {
  message: string;
  extensions: { type: string; code?: string; userError?: boolean; userPresentableMessage?: string };
}

type Variables = Record<string, unknown>;

export function graphqlError(status: number, type: string, message: string, code?: string): GraphqlResult {
  return {
    status,
    body: { errors: [{ message, extensions: { type, ...(code ? { code } : {}), userError: status < 500, userPresentableMessage: message } }] },
  };
}

const ok = (data: Record<string, unknown>): GraphqlResult => ({ status: 200, body: { data } });

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Reads `{ field: { eq | eqIgnoreCase } }` comparators, the only ones CLOS sends. */
function comparator(filter: unknown): { eq?: string; eqIgnoreCase?: string } {
  const c = record(filter);
  return {
    ...(typeof c.eq === 'string' ? { eq: c.eq } : {}),
    ...(typeof c.eqIgnoreCase === 'string' ? { eqIgnoreCase: c.eqIgnoreCase } : {}),
  };
}

function matches(value: string, c: { eq?: string; eqIgnoreCase?: string }): boolean {
  if (c.eq !== undefined && value !== c.eq) return false;
  if (c.eqIgnoreCase !== undefined && value.toLowerCase() !== c.eqIgnoreCase.toLowerCase()) return false;
  return true;
}

/**
 * The operations `@linear/sdk` (and CLOS's raw project query) send, keyed by GraphQL
 * operation name, answering in the shapes of the SDK's fragments.
 */
export const OPERATIONS: Record<string, (state: FakeLinearState, variables: Variables) => GraphqlResult> = {
  createComment: (state, variables) => {
    const input = record(variables.input);
    const issueId = typeof input.issueId === 'string' ? input.issueId : '';
    const body = typeof input.body === 'string' ? input.body : '';
    const issue = state.findIssue(issueId);
    if (issue === undefined) return graphqlError(200, 'invalid input', 'Entity not found: Issue', 'INVALID_INPUT');
    if (body === '') return graphqlError(400, 'invalid input', 'Argument Validation Error: body should not be empty', 'INVALID_INPUT');
    const comment = { id: randomUUID(), issueId: issue.id, body, createdAt: new Date().toISOString() };
    state.comments.push(comment);
    return ok({ commentCreate: { __typename: 'CommentPayload', comment: { id: comment.id }, lastSyncId: ++state.lastSyncId, success: true } });
  },

  issueLabels: (state, variables) => {
    const name = comparator(record(record(variables.filter).name));
    const first = typeof variables.first === 'number' ? variables.first : 50;
    const nodes = state.labels.filter((l) => matches(l.name, name)).slice(0, first);
    return ok({
      issueLabels: {
        __typename: 'IssueLabelConnection',
        nodes: nodes.map((l) => ({
          __typename: 'IssueLabel',
          id: l.id,
          name: l.name,
          color: '#bec2c8',
          description: null,
          isGroup: false,
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-01-01T00:00:00.000Z',
          archivedAt: null,
          lastAppliedAt: null,
          groupType: null,
          inheritedFrom: null,
          parent: null,
          team: null,
          creator: null,
          retiredBy: null,
        })),
        pageInfo: { __typename: 'PageInfo', startCursor: null, endCursor: null, hasPreviousPage: false, hasNextPage: false },
      },
    });
  },

  issueAddLabel: (state, variables) => {
    const issue = state.findIssue(String(variables.id ?? ''));
    const label = state.labels.find((l) => l.id === variables.labelId);
    if (issue === undefined) return graphqlError(200, 'invalid input', 'Entity not found: Issue', 'INVALID_INPUT');
    if (label === undefined) return graphqlError(200, 'invalid input', 'Entity not found: IssueLabel', 'INVALID_INPUT');
    if (!issue.labelIds.includes(label.id)) issue.labelIds.push(label.id);
    return ok({ issueAddLabel: { __typename: 'IssuePayload', lastSyncId: ++state.lastSyncId, issue: { id: issue.id }, success: true } });
  },

  ClosProjectIssues: (state, variables) => {
    const project = record(record(variables.filter).project);
    const byId = comparator(project.id);
    const byName = comparator(project.name);
    const projectIds = state.projects
      .filter((p) => (project.id === undefined || matches(p.id, byId)) && (project.name === undefined || matches(p.name, byName)))
      .map((p) => p.id);
    const all = state.issues.filter((i) => i.projectId !== null && projectIds.includes(i.projectId));
    const first = typeof variables.first === 'number' ? variables.first : 50;
    // Cursors are opaque to clients; here they are the offset of the next node.
    const start = typeof variables.after === 'string' ? Number(variables.after) : 0;
    const page = all.slice(start, start + first);
    const next = start + page.length;
    return ok({
      issues: {
        nodes: page.map((i) => ({ id: i.id, identifier: i.identifier, title: i.title, state: { type: i.stateType } })),
        pageInfo: { hasNextPage: next < all.length, endCursor: page.length > 0 ? String(next) : null },
      },
    });
  },
};
