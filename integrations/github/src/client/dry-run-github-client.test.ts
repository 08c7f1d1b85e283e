import { ClosError } from '@clos/domain';
import { createGithubClient } from './create-github-client.js';
import { createDryRunGithubClient, type DryRunGithubClient } from './dry-run-github-client.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function setup() {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const log = { info: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }), warn: () => undefined };
  const client = createDryRunGithubClient({ log, now: () => new Date('2024-05-01T12:00:00Z') });
  return { client, lines };
}

describe('createDryRunGithubClient', () => {
  it('logs and records each call instead of sending it', async () => {
    const { client, lines } = setup();
    await client.setCommitStatus({ repo: 'acme/api', sha: SHA, context: 'clos/wip', state: 'failure', description: 'WIP 3/3 \u2014 finish #12 first' });
    await client.createComment('acme/api', 12, 'hello');
    expect(client.calls).toEqual([
      {
        operation: 'setCommitStatus',
        args: { repo: 'acme/api', sha: SHA, context: 'clos/wip', state: 'failure', description: 'WIP 3/3 \u2014 finish #12 first' },
        at: '2024-05-01T12:00:00.000Z',
      },
      { operation: 'createComment', args: { repo: 'acme/api', issueNumber: 12, body: 'hello' }, at: '2024-05-01T12:00:00.000Z' },
    ]);
    expect(lines[0]?.message).toBe('[dry-run] would set clos/wip failure on acme/api@0123456: WIP 3/3 \u2014 finish #12 first');
    expect(lines[0]?.fields).toMatchObject({ dryRun: true, vendor: 'github', operation: 'setCommitStatus' });
  });

  it('lists back the statuses it pretended to post, newest per context', async () => {
    const { client } = setup();
    await client.setCommitStatus({ repo: 'acme/api', sha: SHA, context: 'clos/wip', state: 'failure', description: 'over' });
    await client.setCommitStatus({ repo: 'acme/api', sha: SHA, context: 'clos/wip', state: 'success', description: 'held', targetUrl: 'https://x.test/e' });
    expect(await client.listCommitStatuses('acme/api', SHA)).toEqual([
      { context: 'clos/wip', state: 'success', description: 'held', targetUrl: 'https://x.test/e', updatedAt: '2024-05-01T12:00:00.000Z' },
    ]);
    expect(await client.listCommitStatuses('acme/api', 'f'.repeat(40))).toEqual([]);
  });

  it('answers reads as an empty GitHub would', async () => {
    const { client } = setup();
    expect(await client.getPullRequest('acme/api', 1)).toBeNull();
    expect(await client.listOpenPullRequests('acme/api')).toEqual([]);
    expect(await client.listReviews('acme/api', 1)).toEqual([]);
    expect(await client.getFileContent('acme/api', 'clos.yml', 'main')).toBeNull();
    expect(await client.listCheckRunsForRef('acme/api', SHA)).toEqual([]);
    expect(await client.createIssue('acme/api', { title: 't', body: 'b' })).toEqual({ number: 1, url: 'https://github.com/acme/api/issues/1' });
  });

  it('refuses a malformed repository like the live client', async () => {
    const { client } = setup();
    await expect(client.listOpenPullRequests('not-a-repo')).rejects.toBeInstanceOf(ClosError);
  });
});

describe('createGithubClient', () => {
  it('falls back to the dry-run client without credentials', () => {
    const client = createGithubClient({ apiUrl: 'http://127.0.0.1:1', log: { info: () => undefined, warn: () => undefined } });
    expect((client as DryRunGithubClient).calls).toEqual([]);
  });

  it('uses the REST client when a token is configured', () => {
    expect('calls' in createGithubClient({ token: 'ghp_x' })).toBe(false);
  });
});
