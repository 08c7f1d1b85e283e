import { createGithubOAuthLogin } from '@clos/github';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';
import { verifyAuditChain } from '@clos/platform';
import type { LightMyRequestResponse } from 'fastify';
import { CSRF_COOKIE, createLoginLink, SESSION_COOKIE } from '../src/auth/session.js';
import type { PodRoles } from '@clos/app';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 3
    repos: [acme/pay-${s}]
    members:
      - github: Alice
        role: lead
      - github: olga
        role: viewer
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [acme/ops-${s}]
    members:
      - github: olga
        role: member
      - github: root
        role: admin
`;

const CALLBACK = 'http://localhost/auth/github/callback';

let github: FakeGithub;
let stack: RestStack;
let plain: RestStack;
let admin: string;

beforeAll(async () => {
  github = await startFakeGithub();
  github.addOAuthApp('Iv1.clos-test', 'oauth-secret');
  [stack, plain] = await Promise.all([
    startRestStack({
      closYml: CLOS_YML,
      // In-process calls come from 127.0.0.1: trusting it as the proxy lets X-Forwarded-For name callers.
      trustedProxies: ['127.0.0.1'],
      githubLogin: {
        login: createGithubOAuthLogin({ clientId: 'Iv1.clos-test', clientSecret: 'oauth-secret', webUrl: github.url, apiUrl: github.url }),
        callbackUrl: CALLBACK,
      },
    }),
    startRestStack({ closYml: CLOS_YML }),
  ]);
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
}, 60_000);

afterAll(async () => {
  await Promise.all([stack?.close(), plain?.close(), github?.close()]);
});

async function link(roles: PodRoles, options: { minutes?: number; now?: Date } = {}): Promise<string> {
  const issued = await createLoginLink(stack.pool, {
    name: 'test login',
    roles,
    createdBy: 'test',
    now: options.now ?? new Date(),
    ...(options.minutes !== undefined ? { minutes: options.minutes } : {}),
  });
  return issued.token;
}

function cookieOf(response: LightMyRequestResponse, name: string) {
  return response.cookies.find((c) => c.name === name);
}

/** The session's cookies as a browser would send them back. */
function cookieHeader(response: LightMyRequestResponse): string {
  return [SESSION_COOKIE, CSRF_COOKIE].map((name) => `${name}=${cookieOf(response, name)!.value}`).join('; ');
}

async function logIn(roles: PodRoles, next = '/api/pods') {
  const response = await stack.call('GET', `/auth/link?token=${await link(roles)}&next=${encodeURIComponent(next)}`);
  expect(response.statusCode).toBe(303);
  return { response, cookie: cookieHeader(response), csrf: cookieOf(response, CSRF_COOKIE)!.value };
}

describe('login links', () => {
  it('open a session: HttpOnly session cookie, readable CSRF cookie, 303 to next; the session reads /api/pods', async () => {
    const { response, cookie, csrf } = await logIn({ [PAY]: 'viewer' });
    expect(response.headers.location).toBe('/api/pods');
    const session = cookieOf(response, SESSION_COOKIE)!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session.value).toMatch(/^clos_/);
    expect(cookieOf(response, CSRF_COOKIE)!.httpOnly).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');

    const pods = await stack.call('GET', '/api/pods', { headers: { cookie } });
    expect(pods.statusCode).toBe(200);
    expect(pods.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toEqual([PAY]);
    const me = await stack.call('GET', '/api/me', { headers: { cookie } });
    expect(me.json()).toMatchObject({ via: 'session', csrfToken: csrf, roles: { [PAY]: 'viewer' } });
    expect((await stack.auditRows()).some((r) => r.action === 'auth.login' && r.details.via === 'login-link')).toBe(true);
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)'])(
    'never redirects off the site (next=%j goes to /api/me)',
    async (next) => {
      const { response } = await logIn({ [PAY]: 'viewer' }, next);
      expect(response.headers.location).toBe('/api/me');
    },
  );

  it('works once: a second use is refused 401 and audited', async () => {
    const token = await link({ [PAY]: 'viewer' });
    expect((await stack.call('GET', `/auth/link?token=${token}`)).statusCode).toBe(303);
    const again = await stack.call('GET', `/auth/link?token=${token}`, { headers: { 'x-forwarded-for': '198.51.100.21' } });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: { code: 'Unauthorized', message: expect.stringContaining('used already') } });
    expect(again.headers['set-cookie']).toBeUndefined();
    const refusal = (await stack.auditRows()).find((r) => r.action === 'auth.refused' && r.source_ip === '198.51.100.21');
    expect(refusal).toMatchObject({ actor: 'anonymous', details: { kind: 'login-link', route: '/auth/link' } });
  });

  it('stops working when it expires', async () => {
    const token = await link({ [PAY]: 'viewer' }, { minutes: 15, now: new Date(Date.now() - 16 * 60_000) });
    expect((await stack.call('GET', `/auth/link?token=${token}`)).statusCode).toBe(401);
    const stored = await stack.pool.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    expect(JSON.stringify(stored.rows)).not.toContain(token);
  });

  it('sends security headers on /auth answers', async () => {
    const response = await stack.call('GET', '/auth/link?token=nope');
    expect(response.statusCode).toBe(401);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-frame-options']).toBeDefined();
  });
});

describe('a forwarded address that is no address', () => {
  it('is not believed: the change is made once, and its intent and outcome are audited with the proxy’s address', async () => {
    const created = await stack.call('POST', '/api/tokens', {
      token: admin,
      headers: { 'x-forwarded-for': 'not-an-ip, <script>' },
      body: { name: 'forwarded-garbage', roles: { [PAY]: 'viewer' }, expiresIn: '1d' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const stored = await stack.pool.query(`SELECT id FROM api_tokens WHERE name = 'forwarded-garbage'`);
    expect(stored.rows).toEqual([{ id }]);
    const entries = (await stack.auditRows()).filter((r) => r.action.startsWith('token.create') && JSON.stringify(r.details).includes('forwarded-garbage'));
    expect(entries.map((r) => [r.action, r.details.outcome ?? null, r.source_ip])).toEqual([
      ['token.create.intended', null, '127.0.0.1'],
      ['token.create', 'done', '127.0.0.1'],
    ]);
  });
});

describe('a session’s unsafe requests', () => {
  it('are refused 403 without or with a wrong CSRF header (audited), allowed with it; logging out ends the session', async () => {
    const { cookie, csrf } = await logIn({ [PAY]: 'viewer' });
    const ip = { 'x-forwarded-for': '198.51.100.30' };
    const missing = await stack.call('DELETE', '/api/session', { headers: { cookie, ...ip } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'Forbidden', details: { reason: 'csrf' } } });
    // One character off (never the same one: a token that ends in A gets a B).
    const wrongToken = `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`;
    const wrong = await stack.call('DELETE', '/api/session', { headers: { cookie, 'x-csrf-token': wrongToken, ...ip } });
    expect(wrong.statusCode).toBe(403);
    expect((await stack.call('GET', '/api/pods', { headers: { cookie } })).statusCode).toBe(200);
    const refusals = (await stack.auditRows()).filter((r) => r.action === 'auth.csrf_refused' && r.source_ip === '198.51.100.30');
    expect(refusals).toHaveLength(2);
    expect(refusals[0]!.actor).toMatch(/^session:/);

    const out = await stack.call('DELETE', '/api/session', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ended: true });
    expect(cookieOf(out, SESSION_COOKIE)!.value).toBe('');
    const after = await stack.call('GET', '/api/pods', { headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { details: { reason: 'revoked' } } });
  });

  it('a session secret is no bearer token, and a bearer token has no session to end', async () => {
    const { response } = await logIn({ [PAY]: 'viewer' });
    const sessionSecret = cookieOf(response, SESSION_COOKIE)!.value;
    expect((await stack.call('GET', '/api/pods', { token: sessionSecret })).statusCode).toBe(401);
    // An API token has no session to end, and stays valid.
    const bearer = await stack.call('DELETE', '/api/session', { token: admin });
    expect(bearer.statusCode).toBe(200);
    expect(bearer.json()).toEqual({ ended: false });
    expect((await stack.call('GET', '/api/me', { token: admin })).statusCode).toBe(200);
  });
});

describe('Sign in with GitHub', () => {
  /** Runs the browser's part of the flow: our redirect, GitHub's authorize page, back to our callback. */
  async function signIn(next = '/api/pods', tamper?: (callback: URL) => void) {
    const start = await stack.call('GET', `/auth/github?next=${encodeURIComponent(next)}`);
    expect(start.statusCode).toBe(302);
    const authorize = new URL(start.headers.location as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${github.url}/login/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe('Iv1.clos-test');
    expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK);
    const stateCookie = cookieOf(start, 'clos_oauth')!;
    expect(stateCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/auth/github' });

    const back = await fetch(authorize, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const callback = new URL(back.headers.get('location')!);
    tamper?.(callback);
    return stack.call('GET', `${callback.pathname}${callback.search}`, {
      headers: { cookie: `clos_oauth=${stateCookie.value}`, 'x-forwarded-for': '198.51.100.40' },
    });
  }

  it('maps the GitHub login to its clos.yml roles and starts a session', async () => {
    github.signInAs('alice');
    const done = await signIn('/api/projects');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/api/projects');
    expect(cookieOf(done, SESSION_COOKIE)).toMatchObject({ httpOnly: true });
    const me = await stack.call('GET', '/api/me', { headers: { cookie: cookieHeader(done) } });
    expect(me.json()).toMatchObject({ via: 'session', name: 'github:alice', roles: { [PAY]: 'lead' } });
    // The session acts for the member, so their own records are theirs to read.
    const acting = await stack.pool.query(
      `SELECT t.person_id, p.github_login FROM api_tokens t JOIN people p ON p.id = t.person_id WHERE t.name = 'github:alice' ORDER BY t.created_at DESC LIMIT 1`,
    );
    expect(acting.rows).toEqual([{ person_id: expect.any(String), github_login: expect.stringMatching(/^alice$/i) }]);
    const login = (await stack.auditRows()).reverse().find((r) => r.action === 'auth.login' && r.details.via === 'github');
    expect(login).toMatchObject({ details: { githubLogin: 'alice', roles: { [PAY]: 'lead' } }, source_ip: '198.51.100.40' });

    github.signInAs('olga');
    const olga = await signIn();
    const olgaMe = await stack.call('GET', '/api/me', { headers: { cookie: cookieHeader(olga) } });
    expect(olgaMe.json()).toMatchObject({ roles: { [PAY]: 'viewer', [OPS]: 'member' } });

    github.signInAs('root');
    const root = await signIn();
    const rootMe = await stack.call('GET', '/api/me', { headers: { cookie: cookieHeader(root) } });
    expect(rootMe.json()).toMatchObject({ roles: { '*': 'admin' } });
  });

  it('matches the account id, not the login: a login taken over by another account is refused', async () => {
    // The member's first sign-in (the test above) pinned alice's account id; a later owner
    // of the login "alice" is another account. Simulated by pinning the row to another id.
    const pinned = await stack.pool.query<{ github_id: string }>(`SELECT github_id::text FROM people WHERE lower(github_login) = 'alice'`);
    expect(pinned.rows[0]?.github_id).toMatch(/^\d+$/);
    await stack.pool.query(`UPDATE people SET github_id = 1 WHERE lower(github_login) = 'alice'`);
    try {
      github.signInAs('alice');
      const taken = await signIn();
      expect(taken.statusCode).toBe(403);
      expect(taken.json()).toMatchObject({ error: { code: 'Forbidden', details: { reason: 'account_changed' } } });
      expect(cookieOf(taken, SESSION_COOKIE)).toBeUndefined();
      const refused = (await stack.auditRows()).filter((r) => r.action === 'auth.refused' && r.details.reason === 'account_changed');
      expect(refused).toHaveLength(1);
    } finally {
      await stack.pool.query(`UPDATE people SET github_id = $1 WHERE lower(github_login) = 'alice'`, [pinned.rows[0]!.github_id]);
    }
    // The pinned account itself still signs in.
    github.signInAs('alice');
    expect((await signIn()).statusCode).toBe(303);
  });

  it('refuses a callback whose state is not the one this browser was given (audited)', async () => {
    github.signInAs('alice');
    const forged = await signIn('/api/pods', (callback) => callback.searchParams.set('state', 'forged-state'));
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ error: { code: 'Forbidden', details: { reason: 'bad_state' } } });
    expect(cookieOf(forged, SESSION_COOKIE)).toBeUndefined();

    const noCookie = await stack.call('GET', '/auth/github/callback?code=abc&state=xyz');
    expect(noCookie.statusCode).toBe(403);
    const rows = (await stack.auditRows()).filter((r) => r.action === 'auth.refused' && r.details.reason === 'bad_state');
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a GitHub user clos.yml does not list (audited), and a declined sign-in', async () => {
    github.signInAs('mallory');
    const stranger = await signIn();
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json()).toMatchObject({ error: { message: expect.stringContaining('"mallory" is not a member'), details: { reason: 'not_a_member' } } });
    const refusal = (await stack.auditRows()).find((r) => r.action === 'auth.refused' && r.details.githubLogin === 'mallory');
    expect(refusal).toMatchObject({ actor: 'anonymous', details: { via: 'github', reason: 'not_a_member' } });

    github.signInAs(undefined);
    const declined = await signIn();
    expect(declined.statusCode).toBe(401);
    expect(declined.json()).toMatchObject({ error: { details: { reason: 'declined' } } });
  });

  it('refuses a code used twice', async () => {
    github.signInAs('alice');
    let replay: URL | undefined;
    const first = await signIn('/api/pods', (callback) => (replay = new URL(callback)));
    expect(first.statusCode).toBe(303);
    const start = await stack.call('GET', '/auth/github');
    const cookie = cookieOf(start, 'clos_oauth')!.value;
    const state = new URL(start.headers.location as string).searchParams.get('state')!;
    replay!.searchParams.set('state', state);
    const again = await stack.call('GET', `${replay!.pathname}${replay!.search}`, { headers: { cookie: `clos_oauth=${cookie}` } });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: { details: { reason: 'bad_code' } } });
  });

  it('answers 404 saying how to configure it when no OAuth App is set', async () => {
    for (const path of ['/auth/github', '/auth/github/callback?code=a&state=b']) {
      const response = await plain.call('GET', path);
      expect(response.statusCode).toBe(404);
      expect(response.json<{ error: { message: string } }>().error.message).toContain('GITHUB_OAUTH_CLIENT_ID');
    }
  });
});

describe('the audit log', () => {
  it('holds every login and refusal above, and its hash chain verifies', async () => {
    const actions = new Set((await stack.auditRows()).map((r) => r.action));
    for (const action of ['auth.login', 'auth.refused', 'auth.csrf_refused']) expect(actions).toContain(action);
    expect(await verifyAuditChain(stack.pool)).toEqual([]);
    const verify = await stack.call('GET', '/api/audit/verify', { token: admin });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toEqual({ intact: true, problems: [], checkpoint: null });
  });
});
