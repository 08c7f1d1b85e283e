import { CONFIG, event } from '../../test/fixtures.js';
import { routeChecks, routeMergeGroup, routePush } from './route-repo-events.js';

describe('repository events', () => {
  it('feed a finished check to every project of the pod owning the repository', () => {
    const check = event('checks.completed', {
      repo: 'acme/pay-web',
      headSha: 'c'.repeat(40),
      name: 'ci/test',
      conclusion: 'success',
      kind: 'check_run',
      pullRequestNumbers: [3],
    });
    expect(routeChecks(CONFIG, check).map((r) => [r.target === 'project' && r.projectId, r.op])).toEqual([
      ['checkout', { type: 'checkCompleted', input: { name: 'ci/test', conclusion: 'success', repo: 'acme/pay-web', headSha: 'c'.repeat(40) } }],
      ['payouts', { type: 'checkCompleted', input: { name: 'ci/test', conclusion: 'success', repo: 'acme/pay-web', headSha: 'c'.repeat(40) } }],
    ]);
  });

  it('ignore CLOS\'s own statuses coming back, and repositories no pod owns', () => {
    const own = event('checks.completed', { repo: 'acme/pay-api', headSha: 'c'.repeat(40), name: 'clos/wip', conclusion: 'failure', kind: 'status', pullRequestNumbers: [] });
    expect(routeChecks(CONFIG, own)).toEqual([]);
    const stranger = event('checks.completed', { repo: 'x/y', headSha: 'c'.repeat(40), name: 'ci', conclusion: 'success', kind: 'check_run', pullRequestNumbers: [] });
    expect(routeChecks(CONFIG, stranger)).toEqual([]);
  });

  it('turn a push to the default branch into artifacts pushed and removed', () => {
    const push = event('push.default_branch', {
      repo: 'acme/pay-api',
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: '1'.repeat(40),
      added: ['specs/payouts/research.md'],
      modified: ['README.md'],
      removed: ['old.md'],
    });
    const routes = routePush(CONFIG, push);
    expect(routes).toHaveLength(2);
    expect(routes[0]?.op).toEqual({
      type: 'artifactPushed',
      input: { repo: 'acme/pay-api', paths: ['specs/payouts/research.md', 'README.md'], removed: ['old.md'] },
    });
  });

  it('ask the pod and its projects for the verdict on a merge group head', () => {
    const group = event('merge_group.checks_requested', {
      repo: 'acme/pay-api',
      headSha: 'd'.repeat(40),
      baseRef: 'refs/heads/main',
      headRef: 'refs/heads/gh-readonly-queue/main/pr-12-abc',
    });
    const routes = routeMergeGroup(CONFIG, group);
    expect(routes[0]).toEqual({
      target: 'pod',
      podId: 'payments',
      key: `${group.id}:wip`,
      op: { type: 'mergeGroupRequested', input: { repo: 'acme/pay-api', headSha: 'd'.repeat(40), headRef: 'refs/heads/gh-readonly-queue/main/pr-12-abc' } },
    });
    expect(routes.slice(1).map((r) => r.op.type)).toEqual(['stageMergeGroup', 'stageMergeGroup']);
  });
});
