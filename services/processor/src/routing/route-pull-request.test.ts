import { CONFIG, event, pullRequest } from '../../test/fixtures.js';
import type { LinearIssueDirectory, LinkedPullRequest, LinearIssueFacts } from '@clos/app';
import { routePullRequest } from './route-pull-request.js';

/** A directory held in memory: the port's contract, without DynamoDB. */
function directory(issues: LinearIssueFacts[] = []): LinearIssueDirectory {
  const links = new Map<string, LinkedPullRequest[]>();
  return {
    remember: async (issue) => void issues.push(issue),
    get: async (identifier) => issues.find((i) => i.identifier === identifier),
    projectOf: async (identifiers) => {
      const issue = issues.find((i) => identifiers.includes(i.identifier) && (i.projectId !== null || i.projectName !== null));
      return issue === undefined ? undefined : { id: issue.projectId, name: issue.projectName };
    },
    pullRequestsOf: async (identifier) => links.get(identifier) ?? [],
    linkPullRequest: async (identifier, pr) => void links.set(identifier, [...(links.get(identifier) ?? []), pr]),
  };
}

describe('routePullRequest', () => {
  it('asks for a slot when a PR opens, as one work item with its Linear keys, person and head', async () => {
    const pr = pullRequest({ headRef: 'alice/pay-44-retries', body: 'Also fixes PAY-45', author: 'Alice', createdAt: '2025-06-01T08:00:00Z' });
    const opened = event('pr.opened', { pullRequest: pr }, { occurredAt: '2025-06-02T09:30:00.000Z' });
    const routes = await routePullRequest(CONFIG, opened, undefined);
    expect(routes).toEqual([
      {
        target: 'pod',
        podId: 'payments',
        key: `${opened.id}:wip`,
        op: {
          type: 'acquire',
          input: {
            id: 'gh:acme/pay-api#12',
            personId: 'alice',
            title: 'Change 12',
            url: pr.url,
            expedite: false,
            pullRequests: [
              {
                repo: 'acme/pay-api',
                number: 12,
                headSha: pr.headSha,
                headShaAt: '2025-06-02T09:30:00.000Z',
                labels: [],
                labelsAt: '2025-06-02T09:30:00.000Z',
                openedAt: '2025-06-01T08:00:00Z',
              },
            ],
            linearKeys: ['PAY-44', 'PAY-45'],
            draft: false,
            occurredAt: '2025-06-02T09:30:00.000Z',
          },
        },
      },
    ]);
  });

  it('leaves a PR of a repository no pod owns alone', async () => {
    expect(await routePullRequest(CONFIG, event('pr.opened', { pullRequest: pullRequest({ repo: 'someone/else' }) }), undefined)).toEqual([]);
  });

  it('releases on close, naming a merge as such, with GitHub\'s close and merge times and the last labels', async () => {
    const mergedPr = pullRequest({ state: 'closed', merged: true, labels: ['db'], closedAt: '2025-06-03T10:00:00Z', mergedAt: '2025-06-03T10:00:00Z' });
    const merged = event('pr.closed', { pullRequest: mergedPr });
    const closed = event('pr.closed', { pullRequest: pullRequest({ state: 'closed', merged: false }) });
    expect((await routePullRequest(CONFIG, merged, undefined))[0]?.op).toEqual({
      type: 'release',
      input: {
        id: 'gh:acme/pay-api#12',
        reason: 'merged',
        occurredAt: merged.occurredAt,
        closedAt: '2025-06-03T10:00:00Z',
        mergedAt: '2025-06-03T10:00:00Z',
        labels: ['db'],
      },
    });
    // Without GitHub's times, the delivery's own stands in for the close; a close is never a merge.
    const closedOp = (await routePullRequest(CONFIG, closed, undefined))[0]?.op;
    expect(closedOp).toMatchObject({ type: 'release', input: { reason: 'closed', closedAt: closed.occurredAt } });
    expect(closedOp?.type === 'release' ? closedOp.input : undefined).not.toHaveProperty('mergedAt');
  });

  it('moves drafts in and out, and refreshes the slot (and head) on new commits', async () => {
    const ready = await routePullRequest(CONFIG, event('pr.ready_for_review', { pullRequest: pullRequest() }), undefined);
    expect(ready[0]?.op).toMatchObject({ type: 'draftChanged', input: { draft: false, item: { id: 'gh:acme/pay-api#12' } } });
    const draft = await routePullRequest(CONFIG, event('pr.converted_to_draft', { pullRequest: pullRequest({ draft: true }) }), undefined);
    expect(draft[0]?.op).toMatchObject({ type: 'draftChanged', input: { draft: true } });
    const pushed = await routePullRequest(CONFIG, event('pr.synchronized', { pullRequest: pullRequest({ headSha: 'b'.repeat(40) }) }), undefined);
    expect(pushed[0]?.op).toMatchObject({ type: 'acquire', input: { pullRequests: [{ headSha: 'b'.repeat(40) }] } });
  });

  it('takes the expedite lane when the pod\'s expedite label is added, and ignores other labels for WIP', async () => {
    const labeled = event('pr.labeled', { pullRequest: pullRequest({ labels: ['Hotfix'] }), label: 'Hotfix' });
    expect((await routePullRequest(CONFIG, labeled, undefined))[0]?.op).toMatchObject({ type: 'acquire', input: { expedite: true } });
    const other = event('pr.labeled', { pullRequest: pullRequest({ labels: ['docs'] }), label: 'docs' });
    expect(await routePullRequest(CONFIG, other, undefined)).toEqual([]);
  });

  it('registers a PR with its project by label, and counts its reviews with the reviewer\'s role', async () => {
    const pr = pullRequest({ labels: ['project:checkout'] });
    const review = event('pr.review_submitted', { pullRequest: pr, review: { reviewer: 'Alice', state: 'approved' } });
    const routes = await routePullRequest(CONFIG, review, undefined);
    expect(routes).toEqual([
      {
        target: 'project',
        projectId: 'checkout',
        key: `${review.id}:pr`,
        op: { type: 'pullRequestChanged', input: { repo: 'acme/pay-api', number: 12, headSha: pr.headSha, state: 'open' } },
      },
      {
        target: 'project',
        projectId: 'checkout',
        key: `${review.id}:review`,
        op: { type: 'reviewSubmitted', input: { by: 'alice', role: 'lead', state: 'approved', repo: 'acme/pay-api', number: 12 } },
      },
    ]);
  });

  it('finds the project through the Linear issue the PR names when it has no project label', async () => {
    const issues = directory([{ identifier: 'PAY-44', projectId: 'lp-1', projectName: 'Checkout v2', stateType: 'started' }]);
    const routes = await routePullRequest(CONFIG, event('pr.opened', { pullRequest: pullRequest({ title: 'PAY-44: retries' }) }), issues);
    expect(routes.filter((r) => r.target === 'project').map((r) => r.target === 'project' && r.projectId)).toEqual(['checkout']);
  });

  it('drops a PR from the project whose label was taken off', async () => {
    const unlabeled = event('pr.unlabeled', { pullRequest: pullRequest({ labels: [] }), label: 'project:payouts' });
    const routes = await routePullRequest(CONFIG, unlabeled, undefined);
    expect(routes).toContainEqual({
      target: 'project',
      projectId: 'payouts',
      key: `${unlabeled.id}:left`,
      op: { type: 'pullRequestChanged', input: { repo: 'acme/pay-api', number: 12, headSha: 'a'.repeat(40), state: 'closed' } },
    });
  });
});
