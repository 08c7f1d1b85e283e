import { createOctokitGithubClient } from '@clos/github';
import { startFakeGithub } from '@clos/github/testing';
import type { FakeGithub } from '@clos/github/testing';
import { ApplicationFailure } from '@temporalio/common';
import { explainUrlFor } from './explain-url.js';
import { postCommitStatusActivity } from './post-commit-status.js';

const quiet = { info: () => undefined, warn: () => undefined };
let github: FakeGithub;
let post: ReturnType<typeof postCommitStatusActivity>;

beforeAll(async () => {
  github = await startFakeGithub();
  post = postCommitStatusActivity({
    github: createOctokitGithubClient({
      auth: { kind: 'token', token: 't' },
      baseUrl: github.url,
      log: quiet,
      writeSpacingMs: 0,
      rateLimitRetries: 0,
      serverErrorRetries: 0,
    }),
    logger: quiet,
    explainUrl: explainUrlFor('https://clos.example/'),
  });
});

afterAll(async () => {
  await github.close();
});

const base = { repo: 'acme/api', context: 'clos/wip', link: { kind: 'wip' as const, podId: 'alpha', itemId: 'gh:acme/api#3' } };

describe('postCommitStatus', () => {
  it('writes only when the state, description or link differ from GitHub’s current status', async () => {
    const sha = '1'.repeat(40);
    await expect(post({ ...base, sha, state: 'failure', description: 'WIP 2/2 — finish #1 or #2 first (queue #1)' })).resolves.toEqual({ written: true });
    await expect(post({ ...base, sha, state: 'failure', description: 'WIP 2/2 — finish #1 or #2 first (queue #1)' })).resolves.toEqual({ written: false });
    expect(github.statuses('acme/api', sha)).toHaveLength(1);
    expect(github.latestStatus('acme/api', sha, 'clos/wip')?.targetUrl).toBe('https://clos.example/explain/wip/alpha?item=gh%3Aacme%2Fapi%233');
    await expect(post({ ...base, sha, state: 'success', description: 'WIP 2/2 — slot held' })).resolves.toEqual({ written: true });
    expect(github.statuses('acme/api', sha)).toHaveLength(2);
  });

  it('leaves a status with the same state and link alone when asked to compare the state only', async () => {
    const sha = '5'.repeat(40);
    await post({ ...base, sha, state: 'success', description: 'WIP 2/3 — slot held' });
    await expect(post({ ...base, sha, state: 'success', description: 'WIP 3/3 — slot held', compare: 'state' })).resolves.toEqual({ written: false });
    await expect(post({ ...base, sha, state: 'failure', description: 'WIP 3/3 — finish #1 first (queue #1)', compare: 'state' })).resolves.toEqual({ written: true });
    expect(github.statuses('acme/api', sha).map((s) => s.description)).toEqual(['WIP 3/3 — finish #1 first (queue #1)', 'WIP 2/3 — slot held']);
  });

  it('cuts a description to GitHub’s 140 characters', async () => {
    const sha = '2'.repeat(40);
    await post({ ...base, sha, state: 'failure', description: 'x'.repeat(200) });
    expect(github.latestStatus('acme/api', sha, 'clos/wip')?.description).toHaveLength(140);
    await expect(post({ ...base, sha, state: 'failure', description: 'x'.repeat(200) })).resolves.toEqual({ written: false });
  });

  it('asks Temporal to wait as long as GitHub says when rate limited', async () => {
    github.failNext({ kind: 'secondary', retryAfterSeconds: 7 });
    const failure = await post({ ...base, sha: '3'.repeat(40), state: 'success', description: 'ok' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'RateLimited', nonRetryable: false, nextRetryDelay: '7s' });
  });

  it('stops at once when GitHub refuses the request', async () => {
    github.failNext({ kind: 'server', status: 422, method: 'POST' });
    const failure = await post({ ...base, sha: '4'.repeat(40), state: 'success', description: 'ok' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
  });

  it('retries an outage', async () => {
    github.failNext({ kind: 'server', status: 502, method: 'POST' });
    const failure = await post({ ...base, sha: '5'.repeat(40), state: 'success', description: 'ok' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ type: 'Unavailable', nonRetryable: false });
    await expect(post({ ...base, sha: '5'.repeat(40), state: 'success', description: 'ok' })).resolves.toEqual({ written: true });
  });
});
