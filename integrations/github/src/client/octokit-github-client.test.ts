import { generateKeyPairSync, createVerify } from 'node:crypto';
import { ClosError } from '@clos/domain';
import { startFakeGithub, type FakeGithub } from '../testing/index.js';
import type { GithubClient } from './github-client.js';
import type { IntegrationLogger } from './logger.js';
import { createOctokitGithubClient } from './octokit-github-client.js';

const REPO = 'acme/payments';
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function recordingLog(): IntegrationLogger & { entries: { level: string; fields: Record<string, unknown>; message: string }[] } {
  const entries: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  return {
    entries,
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
  };
}

async function caught(promise: Promise<unknown>): Promise<ClosError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ClosError);
    return error as ClosError;
  }
  throw new Error('expected a ClosError');
}

describe('createOctokitGithubClient against the local GitHub stand-in', () => {
  let fake: FakeGithub;
  let log: ReturnType<typeof recordingLog>;
  let github: GithubClient;

  beforeAll(async () => {
    fake = await startFakeGithub({ requireAuth: true });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.clearRequests();
    fake.clearFaults();
    log = recordingLog();
    github = createOctokitGithubClient({
      auth: { kind: 'token', token: 'ghp_test_token' },
      baseUrl: fake.url,
      log,
      writeSpacingMs: 0,
      serverErrorBackoffMs: 10,
    });
  });

  describe('commit statuses', () => {
    it('posts a status in GitHub\u2019s wire format, authenticated with the token', async () => {
      await github.setCommitStatus({
        repo: REPO,
        sha: SHA,
        context: 'clos/wip',
        state: 'failure',
        description: 'WIP 3/3 \u2014 finish #12, #15 or PAY-44 first (queue #1)',
        targetUrl: 'https://clos.example.com/explain/wip/alpha',
      });
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({
        method: 'POST',
        path: `/repos/${REPO}/statuses/${SHA}`,
        status: 201,
        headers: { authorization: 'token ghp_test_token' },
        body: {
          state: 'failure',
          context: 'clos/wip',
          description: 'WIP 3/3 \u2014 finish #12, #15 or PAY-44 first (queue #1)',
          target_url: 'https://clos.example.com/explain/wip/alpha',
        },
      });
      expect(fake.latestStatus(REPO, SHA, 'clos/wip')).toMatchObject({ state: 'failure' });
    });

    it('lists only the newest status of each context', async () => {
      const sha = 'b'.repeat(40);
      await github.setCommitStatus({ repo: REPO, sha, context: 'clos/wip', state: 'failure', description: 'WIP 3/3' });
      await github.setCommitStatus({ repo: REPO, sha, context: 'clos/stage-gate', state: 'success', description: 'Gate met' });
      await github.setCommitStatus({ repo: REPO, sha, context: 'clos/wip', state: 'success', description: 'WIP 2/3 \u2014 slot held' });
      const statuses = await github.listCommitStatuses(REPO, sha);
      expect(statuses).toHaveLength(2);
      expect(statuses).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ context: 'clos/wip', state: 'success', description: 'WIP 2/3 \u2014 slot held', targetUrl: null }),
          expect.objectContaining({ context: 'clos/stage-gate', state: 'success', description: 'Gate met' }),
        ]),
      );
      expect(await github.listCommitStatuses(REPO, 'c'.repeat(40))).toEqual([]);
    });

    it('cuts a description to GitHub\u2019s 140 characters', async () => {
      const sha = 'd'.repeat(40);
      await github.setCommitStatus({ repo: REPO, sha, context: 'clos/wip', state: 'failure', description: 'x'.repeat(200) });
      const stored = fake.latestStatus(REPO, sha, 'clos/wip');
      expect(stored?.description).toHaveLength(140);
      expect(stored?.description?.endsWith('\u2026')).toBe(true);
    });
  });

  describe('rate limits and failures', () => {
    it('waits out a secondary rate limit for as long as retry-after says, then succeeds', async () => {
      fake.failNext({ kind: 'secondary', retryAfterSeconds: 1, method: 'POST' });
      const started = Date.now();
      await github.setCommitStatus({ repo: REPO, sha: SHA, context: 'clos/stage-gate', state: 'success', description: 'ok' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(fake.requests.map((r) => r.status)).toEqual([403, 201]);
      expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ kind: 'secondary', retryAfterSeconds: 1, retrying: true }) }));
    });

    it('treats a 429 secondary limit the same way', async () => {
      fake.failNext({ kind: 'secondary', status: 429, retryAfterSeconds: 1 });
      const started = Date.now();
      expect(await github.getFileContent(REPO, 'missing.md', 'main')).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(fake.requests.map((r) => r.status)).toEqual([429, 404]);
    });

    it('waits for the primary limit to reset (x-ratelimit-remaining: 0)', async () => {
      fake.failNext({ kind: 'primary', resetInSeconds: 1 });
      const started = Date.now();
      await github.listCommitStatuses(REPO, SHA);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(fake.requests.map((r) => r.status)).toEqual([403, 200]);
      expect(log.entries).toContainEqual(expect.objectContaining({ fields: expect.objectContaining({ kind: 'primary', retrying: true }) }));
    });

    it('fails with RateLimited, and when to come back, rather than wait longer than allowed', async () => {
      fake.failNext({ kind: 'secondary', retryAfterSeconds: 120 });
      const error = await caught(github.setCommitStatus({ repo: REPO, sha: SHA, context: 'clos/wip', state: 'success', description: 'ok' }));
      expect(error.code).toBe('RateLimited');
      expect(error.details).toMatchObject({ retryAfterSeconds: 120, status: 403, operation: 'setCommitStatus' });
      expect(fake.requests).toHaveLength(1);
    });

    it('retries server errors', async () => {
      fake.failNext({ kind: 'server', times: 2 });
      await github.setCommitStatus({ repo: REPO, sha: SHA, context: 'clos/config', state: 'success', description: 'clos.yml is valid' });
      expect(fake.requests.map((r) => r.status)).toEqual([502, 502, 201]);
    });

    it('reports a GitHub that stays down as Unavailable', async () => {
      fake.failNext({ kind: 'server', times: 10 });
      const error = await caught(github.listCommitStatuses(REPO, SHA));
      expect(error.code).toBe('Unavailable');
      expect(fake.requests).toHaveLength(4);
    });

    it('maps refusals to coded errors', async () => {
      const anonymous = createOctokitGithubClient({ auth: { kind: 'token', token: '' }, baseUrl: fake.url, log, writeSpacingMs: 0 });
      expect((await caught(anonymous.listCommitStatuses(REPO, SHA))).code).toBe('Unauthorized');
      expect((await caught(github.createComment(REPO, 99_999, 'hello'))).code).toBe('NotFound');
      expect((await caught(github.createIssue(REPO, { title: '', body: 'x' }))).code).toBe('InvalidInput');
    });

    it('refuses a repository that is not owner/name before calling GitHub', async () => {
      const error = await caught(github.listCommitStatuses('payments', SHA));
      expect(error.code).toBe('InvalidInput');
      expect(error.message).toContain('"payments"');
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('reads', () => {
    it('reads a file\u2019s text at a ref, and null for a missing path or a directory', async () => {
      const text = '# Research\n\nPayouts fail \u2014 \u00fcber often.\n'.repeat(20);
      fake.setFile(REPO, 'specs/payouts/research.md', text);
      fake.setFile(REPO, 'specs/payouts/design.md', 'draft', 'feature-1');
      expect(await github.getFileContent(REPO, 'specs/payouts/research.md', 'main')).toBe(text);
      expect(await github.getFileContent(REPO, 'specs/payouts/design.md', 'main')).toBeNull();
      expect(await github.getFileContent(REPO, 'specs/payouts/design.md', 'feature-1')).toBe('draft');
      expect(await github.getFileContent(REPO, 'specs/payouts', 'main')).toBeNull();
      expect(await github.getFileContent(REPO, 'nothing/here.md', 'main')).toBeNull();
    });

    it('reads a pull request as the domain sees it, and null when it does not exist', async () => {
      fake.addPullRequest(REPO, {
        number: 12,
        headSha: SHA,
        headRef: 'alice/pay-44-retry',
        title: 'PAY-44 Retry failed payouts',
        author: 'alice',
        labels: ['project:payouts'],
        draft: true,
      });
      expect(await github.getPullRequest(REPO, 12)).toEqual({
        repo: REPO,
        number: 12,
        title: 'PAY-44 Retry failed payouts',
        body: null,
        url: `https://github.com/${REPO}/pull/12`,
        headSha: SHA,
        headRef: 'alice/pay-44-retry',
        baseRef: 'main',
        author: 'alice',
        draft: true,
        labels: ['project:payouts'],
        state: 'open',
        merged: false,
        createdAt: fake.state.pullRequest(REPO, 12)!.createdAt,
        updatedAt: fake.state.pullRequest(REPO, 12)!.updatedAt,
      });
      fake.updatePullRequest(REPO, 12, { state: 'closed', merged: true });
      const closed = fake.state.pullRequest(REPO, 12)!;
      expect(await github.getPullRequest(REPO, 12)).toMatchObject({
        state: 'closed',
        merged: true,
        updatedAt: closed.updatedAt,
        closedAt: closed.updatedAt,
        mergedAt: closed.updatedAt,
      });
      expect(await github.getPullRequest(REPO, 404)).toBeNull();
    });

    it('lists every open pull request across pages', async () => {
      const repo = 'acme/busy';
      for (let n = 1; n <= 130; n++) fake.addPullRequest(repo, { number: n, headSha: `${n}`.padStart(40, '0') });
      fake.updatePullRequest(repo, 7, { state: 'closed', merged: true });
      const open = await github.listOpenPullRequests(repo);
      expect(open).toHaveLength(129);
      expect(open.map((pr) => pr.number)).not.toContain(7);
      expect(fake.requests.filter((r) => r.path === `/repos/${repo}/pulls`).length).toBe(2);
    });

    it('lists submitted reviews in the domain\u2019s words', async () => {
      fake.addPullRequest(REPO, { number: 21, headSha: SHA });
      fake.addReview(REPO, 21, { reviewer: 'bob', state: 'APPROVED' });
      fake.addReview(REPO, 21, { reviewer: 'carol', state: 'CHANGES_REQUESTED', commitId: 'old' });
      fake.addReview(REPO, 21, { reviewer: 'dave', state: 'PENDING' });
      expect(await github.listReviews(REPO, 21)).toEqual([
        expect.objectContaining({ reviewer: 'bob', state: 'approved', commitSha: SHA }),
        expect.objectContaining({ reviewer: 'carol', state: 'changes_requested', commitSha: 'old' }),
      ]);
    });

    it('lists check runs on a commit', async () => {
      const sha = 'e'.repeat(40);
      fake.addCheckRun(REPO, sha, { name: 'ci/test', conclusion: 'success' });
      fake.addCheckRun(REPO, sha, { name: 'ci/lint', status: 'in_progress' });
      expect(await github.listCheckRunsForRef(REPO, sha)).toEqual([
        expect.objectContaining({ name: 'ci/test', status: 'completed', conclusion: 'success', headSha: sha }),
        expect.objectContaining({ name: 'ci/lint', status: 'in_progress', conclusion: null }),
      ]);
    });

    it('asks what an account may do in a repository: its level, none without access or account', async () => {
      fake.grantAccess(REPO, 'Dana', 'write');
      fake.grantAccess('acme/other', 'erin', 'read');
      expect(await github.repositoryPermission(REPO, 'dana')).toBe('write');
      expect(await github.repositoryPermission(REPO, 'erin')).toBe('none');
      expect(await github.repositoryPermission(REPO, 'nobody-at-all')).toBe('none');
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain(`GET /repos/${REPO}/collaborators/dana/permission`);
    });
  });

  describe('writes', () => {
    it('opens issues and comments on pull requests', async () => {
      fake.addPullRequest(REPO, { number: 30, headSha: SHA });
      const issue = await github.createIssue(REPO, { title: 'Gate escalated: payouts', body: 'Three failed advance requests.', labels: ['clos'] });
      expect(issue).toEqual({ number: 31, url: `https://github.com/${REPO}/issues/31` });
      expect(fake.issues(REPO)).toEqual([expect.objectContaining({ title: 'Gate escalated: payouts', labels: ['clos'] })]);
      const comment = await github.createComment(REPO, 30, 'Over the WIP limit: finish #12 first.');
      expect(comment.url).toContain(`/pull/30`.replace('/pull/', '/issues/'));
      expect(fake.comments(REPO, 30)).toEqual([expect.objectContaining({ body: 'Over the WIP limit: finish #12 first.' })]);
    });
  });
});

describe('createOctokitGithubClient as a GitHub App', () => {
  it('finds the installation for the repository owner and acts with its token', async () => {
    const fake = await startFakeGithub({ requireAuth: true });
    try {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      fake.addInstallation('acme', 4242);
      const github = createOctokitGithubClient({
        auth: { kind: 'app', appId: 123456, privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() },
        baseUrl: fake.url,
        log: recordingLog(),
        writeSpacingMs: 0,
      });
      await github.setCommitStatus({ repo: REPO, sha: SHA, context: 'clos/wip', state: 'success', description: 'WIP 1/3 \u2014 slot held' });
      await github.setCommitStatus({ repo: REPO, sha: SHA, context: 'clos/stage-gate', state: 'success', description: 'ok' });

      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET /repos/${REPO}/installation`,
        'POST /app/installations/4242/access_tokens',
        `POST /repos/${REPO}/statuses/${SHA}`,
        `POST /repos/${REPO}/statuses/${SHA}`,
      ]);
      // The installation lookup is signed as the App: an RS256 JWT issued by the App id.
      const bearer = String(fake.requests[0]?.headers.authorization).replace(/^bearer /i, '');
      const [header = '', claims = '', signature = ''] = bearer.split('.');
      const verifier = createVerify('RSA-SHA256');
      verifier.update(`${header}.${claims}`);
      expect(verifier.verify(publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
      expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({ iss: 123456 });
      // Repository calls use the installation token.
      expect(fake.requests[2]?.headers.authorization).toBe('token ghs_fake_installation_4242');
      expect(fake.requests[3]?.headers.authorization).toBe('token ghs_fake_installation_4242');
    } finally {
      await fake.close();
    }
  });

  it('says NotFound when the App is not installed on the owner', async () => {
    const fake = await startFakeGithub();
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const github = createOctokitGithubClient({
        auth: { kind: 'app', appId: 1, privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() },
        baseUrl: fake.url,
        log: recordingLog(),
      });
      expect((await caught(github.listCommitStatuses('stranger/repo', SHA))).code).toBe('NotFound');
      // Installing later works without a restart.
      fake.addInstallation('stranger', 7);
      expect(await github.listCommitStatuses('stranger/repo', SHA)).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
