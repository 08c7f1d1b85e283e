import { signGithubPayload, startFakeGithub, type FakeGithub } from './index.js';

describe('startFakeGithub', () => {
  let fake: FakeGithub;
  beforeAll(async () => {
    fake = await startFakeGithub();
  });
  afterAll(() => fake.close());

  const post = (path: string, body: unknown) =>
    fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('resolves waitForStatus when the status is posted later, and names what it saw on timeout', async () => {
    const waiting = fake.waitForStatus({ repo: 'acme/api', sha: 'abc', context: 'clos/wip', state: 'success', timeoutMs: 2000 });
    await post('/repos/acme/api/statuses/abc', { state: 'failure', context: 'clos/wip', description: 'WIP 3/3' });
    await post('/repos/acme/api/statuses/abc', { state: 'success', context: 'clos/wip', description: 'WIP 2/3' });
    await expect(waiting).resolves.toMatchObject({ state: 'success', description: 'WIP 2/3' });
    await expect(fake.waitForStatus({ repo: 'acme/api', sha: 'abc', context: 'clos/wip', state: 'failure', timeoutMs: 50 })).rejects.toThrow(
      'latest: success "WIP 2/3"',
    );
  });

  it('refuses statuses GitHub would refuse', async () => {
    expect((await post('/repos/acme/api/statuses/abc', { state: 'green', context: 'x' })).status).toBe(422);
    expect((await post('/repos/acme/api/statuses/abc', { state: 'success', description: 'x'.repeat(141) })).status).toBe(422);
  });

  it('pages lists with a Link header', async () => {
    for (let n = 1; n <= 5; n++) fake.addPullRequest('acme/paged', { number: n, headSha: `sha${n}` });
    const response = await fetch(`${fake.url}/repos/acme/paged/pulls?per_page=2&page=2`);
    expect(((await response.json()) as { number: number }[]).map((pr) => pr.number)).toEqual([3, 2]);
    expect(response.headers.get('link')).toContain('page=3>; rel="next"');
  });

  it('serves file contents as base64 JSON, or raw on request', async () => {
    fake.setFile('acme/api', 'clos.yml', 'org: acme\n');
    const json = (await (await fetch(`${fake.url}/repos/acme/api/contents/clos.yml?ref=main`)).json()) as { content: string; encoding: string };
    expect(json.encoding).toBe('base64');
    expect(Buffer.from(json.content, 'base64').toString()).toBe('org: acme\n');
    const raw = await fetch(`${fake.url}/repos/acme/api/contents/clos.yml`, { headers: { accept: 'application/vnd.github.raw+json' } });
    expect(await raw.text()).toBe('org: acme\n');
  });

  it('records every request and answers rate limits with GitHub\u2019s headers', async () => {
    fake.clearRequests();
    fake.failNext({ kind: 'primary', resetInSeconds: 30 });
    const limited = await fetch(`${fake.url}/repos/acme/api/pulls/1`);
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    fake.failNext({ kind: 'secondary', status: 429, retryAfterSeconds: 7 });
    const secondary = await fetch(`${fake.url}/repos/acme/api/pulls/1`);
    expect(secondary.status).toBe(429);
    expect(secondary.headers.get('retry-after')).toBe('7');
    expect(fake.requests.map((r) => r.status)).toEqual([403, 429]);
  });

  it('signs payloads as GitHub does', () => {
    expect(signGithubPayload('secret', '{}')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
