import { at, exampleOf, examplesOf, mapErrorForTest as mapError, type Json } from '../../test/support/github-examples.js';

describe('mapGithubWebhook with malformed payloads', () => {
  it('names the missing path of a pull request', () => {
    const payload = exampleOf('pull_request', 'opened');
    delete at(payload, 'pull_request.head').sha;
    const error = mapError('pull_request', payload);
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain('pull_request.head.sha');
    expect(error.details).toEqual({ issues: [expect.objectContaining({ path: 'pull_request.head.sha' })] });
  });

  it('names a missing repository, label or review', () => {
    const noRepo = exampleOf('pull_request', 'opened');
    delete noRepo.repository;
    expect(mapError('pull_request', noRepo).message).toContain('repository');

    const noLabel = exampleOf('pull_request', 'labeled');
    delete noLabel.label;
    expect(mapError('pull_request', noLabel).message).toContain('label');

    const noReviewer = exampleOf('pull_request_review', 'submitted');
    delete at(noReviewer, 'review').user;
    expect(mapError('pull_request_review', noReviewer).message).toContain('review.user');
  });

  it('names bad values, not only missing ones', () => {
    const payload = exampleOf('check_run', 'completed');
    at(payload, 'check_run').pull_requests = [{ number: 'two' }];
    expect(mapError('check_run', payload).message).toContain('check_run.pull_requests[0].number');

    const push = examplesOf('push').find((p) => p.ref === 'refs/heads/master') as Json;
    at(push, 'repository').full_name = 'not a repo';
    expect(mapError('push', push).message).toContain('repository.full_name');
  });

  it('refuses a body that is not an object for a handled event', () => {
    expect(mapError('pull_request', 'nope').message).toContain('(root)');
    expect(mapError('status', null).code).toBe('InvalidInput');
  });

  it('refuses an action-driven event without an action', () => {
    const payload = exampleOf('pull_request', 'opened');
    delete payload.action;
    expect(mapError('pull_request', payload).message).toContain('action');
    expect(mapError('check_run', { check_run: {} }).message).toContain('action');
  });
});
