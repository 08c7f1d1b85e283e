import { createGithubOAuthLogin, createOctokitGithubClient } from '@clos/github';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';
import { SESSION_COOKIE } from '../src/auth/session.js';
import { RepositoryReaders } from '../src/explain/index.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const PROJECT = `checkout-${s}`;
const PAY_REPO = `acme/pay-${s}`;
const OPS_REPO = `acme/ops-${s}`;
const CONFIG_REPO = `acme/policy-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
configRepo: ${CONFIG_REPO}
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 3
    repos: [${PAY_REPO}]
    members:
      - github: lena
        role: lead
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [${OPS_REPO}]
projects:
  - id: ${PROJECT}
    name: Checkout
    pod: ${PAY}
    template: delivery
`;

const CALLBACK = 'http://localhost/auth/github/callback';
const JSON_ACCEPT = { accept: 'application/json' };
const wipPage = (pod: string, repo: string) => `/why/wip/${pod}?item=${encodeURIComponent(`gh:${repo}#7`)}`;

let github: FakeGithub;
let stack: RestStack;

beforeAll(async () => {
  github = await startFakeGithub({ requireAuth: true });
  github.addOAuthApp('Iv1.clos-readers', 'oauth-secret');
  const client = createOctokitGithubClient({ auth: { kind: 'token', token: 'ghp_readers' }, baseUrl: github.url, writeSpacingMs: 0, log: { info: () => undefined, warn: () => undefined } });
  stack = await startRestStack({
    closYml: CLOS_YML,
    explain: true,
    explainGithub: { github: client, repositories: new RepositoryReaders({ github: client }) },
    githubLogin: {
      login: createGithubOAuthLogin({ clientId: 'Iv1.clos-readers', clientSecret: 'oauth-secret', webUrl: github.url, apiUrl: github.url }),
      callbackUrl: CALLBACK,
    },
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([stack?.close(), github?.close()]);
});

/** The browser's round trip through GitHub's authorize page, signed in as `login`, from a page. */
async function signIn(login: string, next: string) {
  github.signInAs(login);
  const start = await stack.call('GET', `/auth/github?next=${encodeURIComponent(next)}`);
  const state = start.cookies.find((c) => c.name === 'clos_oauth')!;
  const back = await fetch(new URL(start.headers.location as string), { redirect: 'manual' });
  const callback = new URL(back.headers.get('location')!);
  return stack.call('GET', `${callback.pathname}${callback.search}`, { headers: { cookie: `clos_oauth=${state.value}` } });
}

function sessionOf(response: Awaited<ReturnType<typeof signIn>>): Record<string, string> {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (cookie === undefined) throw new Error(`no session: ${response.statusCode} ${response.body}`);
  return { cookie: `${SESSION_COOKIE}=${cookie.value}` };
}

const permissionCalls = (login: string) => github.requests.filter((r) => r.path.endsWith(`/collaborators/${login}/permission`)).length;

describe('explanation pages for someone GitHub lets see the repository', () => {
  it('sign in someone clos.yml does not list, from a status link, with no role at all', async () => {
    const page = wipPage(PAY, PAY_REPO);
    const login = await signIn('rita', page);
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe(page);
    const me = await stack.call('GET', '/api/pods', { headers: sessionOf(login) });
    expect(me.statusCode).toBe(403);
    const audit = (await stack.auditRows()).reverse().find((r) => r.action === 'auth.login' && r.details.githubLogin === 'rita');
    expect(audit?.details).toMatchObject({ via: 'github', roles: {}, reader: 'repository' });
    // Anywhere else, someone clos.yml does not list is still refused.
    const elsewhere = await signIn('rita', '/api/pods');
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('show the pod’s page when GitHub says they can see the pull request’s repository, asking GitHub once', async () => {
    github.grantAccess(PAY_REPO, 'sam', 'read');
    const page = wipPage(PAY, PAY_REPO);
    const session = sessionOf(await signIn('sam', page));
    const before = permissionCalls('sam');
    const first = await stack.call('GET', page, { headers: { ...session, ...JSON_ACCEPT } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ podId: PAY, itemId: `gh:${PAY_REPO}#7` });
    const again = await stack.call('GET', page, { headers: session });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Payments');
    expect(permissionCalls('sam') - before).toBe(1);

    const stage = await stack.call('GET', `/why/stage/${PROJECT}?repo=${encodeURIComponent(PAY_REPO)}`, { headers: { ...session, ...JSON_ACCEPT } });
    expect(stage.statusCode).toBe(200);
    expect(stage.json()).toMatchObject({ projectId: PROJECT });
  });

  it('tell nothing to someone GitHub does not let see it, or of another pod through a repository they can see', async () => {
    github.grantAccess(PAY_REPO, 'tom', 'write');
    const session = sessionOf(await signIn('tom', wipPage(OPS, OPS_REPO)));
    const own = await stack.call('GET', wipPage(OPS, OPS_REPO), { headers: { ...session, ...JSON_ACCEPT } });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toEqual({ error: { code: 'Forbidden', message: 'sign in to see why', details: { login: expect.any(String) } } });
    // A repository they can see does not open a pod that does not list it.
    const crafted = await stack.call('GET', wipPage(OPS, PAY_REPO), { headers: { ...session, ...JSON_ACCEPT } });
    expect(crafted.statusCode).toBe(403);
    expect(JSON.stringify(crafted.json())).not.toContain('state');
    // The stage page needs the repository its status was on.
    expect((await stack.call('GET', `/why/stage/${PROJECT}`, { headers: session })).statusCode).toBe(403);
    expect((await stack.call('GET', `/why/stage/${PROJECT}?repo=${encodeURIComponent(OPS_REPO)}`, { headers: session })).statusCode).toBe(403);
  });

  it('serve the config page to whoever GitHub lets see the config repository', async () => {
    github.grantAccess(CONFIG_REPO, 'uma', 'read');
    const page = `/why/config/${CONFIG_REPO}/abcdef1`;
    const uma = sessionOf(await signIn('uma', page));
    const shown = await stack.call('GET', page, { headers: { ...uma, ...JSON_ACCEPT } });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ repo: CONFIG_REPO, sha: 'abcdef1', found: false });
    const vic = sessionOf(await signIn('vic', page));
    expect((await stack.call('GET', page, { headers: { ...vic, ...JSON_ACCEPT } })).statusCode).toBe(403);
  });

  it('judge a member by the policy in force: a lead reads the pod without asking GitHub', async () => {
    const page = wipPage(PAY, PAY_REPO);
    const session = sessionOf(await signIn('lena', page));
    const before = permissionCalls('lena');
    expect((await stack.call('GET', page, { headers: { ...session, ...JSON_ACCEPT } })).statusCode).toBe(200);
    expect(permissionCalls('lena')).toBe(before);
  });
});
