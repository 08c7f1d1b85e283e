import type { DomainEvent } from '@clos/domain';
import { at, exampleOf, examplesOf, githubExamples as examples, mapForTest as map, type Json } from '../../test/support/github-examples.js';
import { mapGithubWebhook } from './map-github-webhook.js';

function only(events: DomainEvent[]): DomainEvent {
  expect(events).toHaveLength(1);
  return events[0] as DomainEvent;
}

describe('mapGithubWebhook with GitHub\u2019s example payloads', () => {
  it('maps pull_request opened to pr.opened with the domain view of the PR', () => {
    const event = only(map('pull_request', exampleOf('pull_request', 'opened')));
    expect(event).toMatchObject({
      id: expect.stringMatching(/^evt-/),
      type: 'pr.opened',
      source: 'github',
      deliveryId: 'd-1',
      correlationId: 'c-1',
      receivedAt: '2024-05-01T12:00:00.000Z',
      occurredAt: '2019-05-15T15:20:33.000Z',
      subject: { workItemId: 'gh:codertocat/hello-world#2' },
      payload: {
        pullRequest: {
          repo: 'Codertocat/Hello-World',
          number: 2,
          title: 'Update the README with new information.',
          body: 'This is a pretty simple change that we need to pull into master.',
          url: 'https://github.com/Codertocat/Hello-World/pull/2',
          headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
          headRef: 'changes',
          baseRef: 'master',
          author: 'Codertocat',
          draft: false,
          labels: [],
          state: 'open',
          merged: false,
        },
      },
    });
  });

  it.each([
    ['opened', 'pr.opened'],
    ['reopened', 'pr.reopened'],
    ['ready_for_review', 'pr.ready_for_review'],
    ['converted_to_draft', 'pr.converted_to_draft'],
    ['synchronize', 'pr.synchronized'],
    ['closed', 'pr.closed'],
    ['labeled', 'pr.labeled'],
    ['unlabeled', 'pr.unlabeled'],
  ])('maps every pull_request %s example to %s', (action, type) => {
    const payloads = examplesOf('pull_request').filter((e) => e.action === action);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) expect(only(map('pull_request', payload)).type).toBe(type);
  });

  it('carries draft state, labels and the label acted on', () => {
    expect(only(map('pull_request', exampleOf('pull_request', 'converted_to_draft'))).payload).toMatchObject({
      pullRequest: { draft: true },
    });
    const labeled = only(map('pull_request', exampleOf('pull_request', 'labeled')));
    expect(labeled.payload).toMatchObject({ label: 'bug', pullRequest: { labels: ['bug'] } });
    const unlabeled = only(map('pull_request', exampleOf('pull_request', 'unlabeled')));
    expect(unlabeled.type).toBe('pr.unlabeled');
    expect(unlabeled.payload).toMatchObject({ label: 'bug' });
  });

  it('tells a merged close from an abandoned one', () => {
    const abandoned = exampleOf('pull_request', 'closed');
    expect(only(map('pull_request', abandoned)).payload).toMatchObject({ pullRequest: { state: 'closed', merged: false } });
    const merged = exampleOf('pull_request', 'closed');
    Object.assign(at(merged, 'pull_request'), { merged: true, merged_at: '2019-05-15T15:21:00Z' });
    expect(only(map('pull_request', merged)).payload).toMatchObject({ pullRequest: { state: 'closed', merged: true } });
  });

  it('records pull_request actions CLOS does not act on as webhook.unhandled', () => {
    for (const action of ['assigned', 'locked', 'review_requested', 'unassigned']) {
      const event = only(map('pull_request', exampleOf('pull_request', action)));
      expect(event).toMatchObject({ type: 'webhook.unhandled', subject: {}, payload: { vendor: 'github', event: 'pull_request', action } });
    }
  });

  it('maps reviews submitted and dismissed', () => {
    const commented = only(map('pull_request_review', exampleOf('pull_request_review', 'submitted')));
    expect(commented).toMatchObject({
      type: 'pr.review_submitted',
      occurredAt: '2019-05-15T15:20:38.000Z',
      subject: { workItemId: 'gh:codertocat/hello-world#2' },
      payload: { review: { reviewer: 'Codertocat', state: 'commented' }, pullRequest: { number: 2, draft: false, merged: false } },
    });
    const approval = exampleOf('pull_request_review', 'submitted');
    at(approval, 'review').state = 'approved';
    expect(only(map('pull_request_review', approval)).payload).toMatchObject({ review: { state: 'approved' } });
    at(approval, 'review').state = 'changes_requested';
    expect(only(map('pull_request_review', approval)).payload).toMatchObject({ review: { state: 'changes_requested' } });
    const dismissed = only(map('pull_request_review', exampleOf('pull_request_review', 'dismissed')));
    expect(dismissed).toMatchObject({ type: 'pr.review_submitted', payload: { review: { state: 'dismissed' } } });
  });

  it('maps completed check runs with their conclusion and pull requests', () => {
    const completed = examplesOf('check_run').filter((e) => e.action === 'completed');
    const events = completed.map((payload) => only(map('check_run', payload)));
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ conclusion: 'failure' }),
      expect.objectContaining({ conclusion: 'success' }),
      expect.objectContaining({ conclusion: 'success' }),
    ]);
    expect(events[0]).toMatchObject({
      type: 'checks.completed',
      occurredAt: '2019-05-15T15:21:12.000Z',
      payload: {
        repo: 'Codertocat/Hello-World',
        headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        name: 'Octocoders-linter',
        kind: 'check_run',
        pullRequestNumbers: [2],
      },
    });
  });

  it('records check runs that are not completed as unhandled', () => {
    for (const action of ['created', 'requested_action', 'rerequested']) {
      expect(only(map('check_run', exampleOf('check_run', action))).payload).toEqual({ vendor: 'github', event: 'check_run', action });
    }
  });

  it('maps completed check suites under their app name', () => {
    const event = only(map('check_suite', exampleOf('check_suite', 'completed')));
    expect(event).toMatchObject({
      type: 'checks.completed',
      payload: {
        repo: 'Codertocat/Hello-World',
        headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        name: 'octocoders-linter',
        conclusion: 'success',
        kind: 'check_suite',
        pullRequestNumbers: [2],
      },
    });
    expect(only(map('check_suite', exampleOf('check_suite', 'requested'))).type).toBe('webhook.unhandled');
  });

  it('maps commit statuses to checks.completed of kind status', () => {
    for (const payload of examplesOf('status')) {
      expect(only(map('status', payload))).toMatchObject({
        type: 'checks.completed',
        payload: { repo: 'Codertocat/Hello-World', name: 'default', conclusion: 'success', kind: 'status', pullRequestNumbers: [] },
      });
    }
    const failed = exampleOf('status');
    failed.state = 'error';
    expect(only(map('status', failed)).payload).toMatchObject({ conclusion: 'error' });
  });

  it('maps a push to the default branch with its files, and ignores tags and other branches', () => {
    const pushes = examplesOf('push');
    const toDefault = pushes.find((p) => p.ref === 'refs/heads/master');
    expect(only(map('push', toDefault))).toMatchObject({
      type: 'push.default_branch',
      occurredAt: '2019-05-15T15:20:57.000Z',
      payload: {
        repo: 'Codertocat/Hello-World',
        ref: 'refs/heads/master',
        before: '0000000000000000000000000000000000000000',
        after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        added: ['README.md'],
        modified: [],
        removed: [],
      },
    });
    for (const tagPush of pushes.filter((p) => String(p.ref).startsWith('refs/tags/'))) {
      expect(only(map('push', tagPush))).toMatchObject({ type: 'webhook.unhandled', payload: { event: 'push', action: null } });
    }
    const branch = JSON.parse(JSON.stringify(toDefault)) as Json;
    branch.ref = 'refs/heads/feature';
    expect(only(map('push', branch)).type).toBe('webhook.unhandled');
  });

  it('aggregates files over every commit of a push', () => {
    const push = JSON.parse(JSON.stringify(examplesOf('push').find((p) => p.ref === 'refs/heads/master'))) as Json;
    push.commits = [
      { id: 'a', added: ['specs/pay/research.md', 'tmp.txt'], modified: ['README.md'], removed: [] },
      { id: 'b', added: [], modified: ['specs/pay/research.md'], removed: ['tmp.txt', 'old.md'] },
      { id: 'c', added: ['specs/pay/requirements.md'], modified: [], removed: [] },
    ];
    expect(only(map('push', push)).payload).toMatchObject({
      added: ['specs/pay/requirements.md', 'specs/pay/research.md'],
      modified: ['README.md'],
      removed: ['old.md'],
    });
  });

  it('maps merge_group checks_requested to the group\u2019s head', () => {
    expect(only(map('merge_group', exampleOf('merge_group', 'checks_requested')))).toMatchObject({
      type: 'merge_group.checks_requested',
      payload: {
        repo: 'octo-org/octo-repo',
        headSha: '2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d',
        headRef: 'refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64',
        baseRef: 'refs/heads/main',
      },
    });
  });

  it('maps installation and installation_repositories changes', () => {
    for (const payload of examplesOf('installation')) {
      expect(only(map('installation', payload)).type).toBe('installation.changed');
    }
    expect(only(map('installation', exampleOf('installation', 'created'))).payload).toEqual({
      action: 'created',
      account: 'Codertocat',
      repos: ['Codertocat/Hello-World'],
    });
    expect(only(map('installation', exampleOf('installation', 'suspend'))).payload).toEqual({
      action: 'suspend',
      account: 'Codertocat',
      repos: [],
    });
    expect(only(map('installation_repositories', exampleOf('installation_repositories', 'added'))).payload).toEqual({
      action: 'repositories_added',
      account: 'Codertocat',
      repos: ['Codertocat/Space'],
    });
    expect(only(map('installation_repositories', exampleOf('installation_repositories', 'removed'))).payload).toEqual({
      action: 'repositories_removed',
      account: 'octocat',
      repos: ['octocat/Hello-World'],
    });
  });

  it('maps deployment statuses', () => {
    expect(only(map('deployment_status', exampleOf('deployment_status')))).toMatchObject({
      type: 'deployment.status_changed',
      payload: {
        repo: 'Codertocat/Hello-World',
        environment: 'production',
        state: 'success',
        sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
        deploymentId: 145988746,
      },
    });
  });

  it('maps issues opening, closing, reopening and deletion; records the other issue actions', () => {
    const opened = exampleOf('issues', 'opened') as Json;
    const closed = { ...opened, action: 'closed', issue: { ...(opened.issue as Json), state: 'closed', state_reason: 'completed' } };
    expect(only(map('issues', closed))).toMatchObject({
      type: 'issue.changed',
      payload: { repo: 'Codertocat/Hello-World', number: 1, action: 'closed', state: 'closed', stateReason: 'completed', url: 'https://github.com/Codertocat/Hello-World/issues/1' },
    });
    expect(only(map('issues', exampleOf('issues', 'reopened'))).payload).toMatchObject({ action: 'reopened', state: 'open' });
    expect(only(map('issues', exampleOf('issues', 'deleted'))).payload).toMatchObject({ action: 'deleted', state: 'closed' });
    expect(only(map('issues', exampleOf('issues', 'labeled')))).toMatchObject({ type: 'webhook.unhandled', payload: { event: 'issues', action: 'labeled' } });
  });

  it('turns every example of every other event into one valid webhook.unhandled', () => {
    const handled = new Set([
      'pull_request',
      'pull_request_review',
      'check_run',
      'check_suite',
      'status',
      'push',
      'merge_group',
      'installation',
      'installation_repositories',
      'deployment_status',
      'issues',
    ]);
    let seen = 0;
    for (const definition of examples.filter((d) => !handled.has(d.name))) {
      for (const payload of definition.examples) {
        const event = only(map(definition.name, payload));
        expect(event).toMatchObject({ type: 'webhook.unhandled', payload: { vendor: 'github', event: definition.name } });
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(100);
  });

  it('gives each event an id from newId and stays pure', () => {
    const payload = exampleOf('pull_request', 'opened');
    const ids = ['x-1', 'x-2'];
    const input = { name: 'pull_request', deliveryId: 'd', payload, receivedAt: '2024-05-01T12:00:00.000Z', correlationId: 'c' };
    const first = mapGithubWebhook({ ...input, newId: () => ids[0] ?? '' });
    const second = mapGithubWebhook({ ...input, newId: () => ids[0] ?? '' });
    expect(first).toEqual(second);
    expect(first[0]?.id).toBe('x-1');
  });
});
