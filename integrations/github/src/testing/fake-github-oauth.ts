import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A GitHub account the stand-in can sign in as. */
export interface FakeGithubUser {
  login: string;
  id: number;
  name: string | null;
}

interface IssuedCode {
  clientId: string;
  login: string;
  redirectUri: string | null;
  expiresAt: number;
}

/**
 * The OAuth App side of the stand-in: registered apps, accounts, codes handed out by the
 * authorize page (each good once, for ten minutes, as on GitHub) and the user tokens they
 * trade for. The authorize page approves at once, as the account chosen with `signInAs`.
 */
export class FakeGithubOAuth {
  readonly apps = new Map<string, string>();
  readonly users = new Map<string, FakeGithubUser>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, string>();
  private nextUserId = 5000;
  /** Who the authorize page signs in as; `undefined`: the person declines. */
  signedIn: string | undefined;

  addApp(clientId: string, clientSecret: string): void {
    this.apps.set(clientId, clientSecret);
  }

  addUser(login: string, name: string | null = null): FakeGithubUser {
    const user = { login, id: this.nextUserId++, name };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  /** GET /login/oauth/authorize: a redirect back to the app with a code (or `access_denied`). */
  authorize(url: URL): { status: number; body: unknown; headers?: Record<string, string> } {
    const clientId = url.searchParams.get('client_id') ?? '';
    if (!this.apps.has(clientId)) return { status: 404, body: { message: 'Not Found: no OAuth App with that client_id' } };
    const redirectUri = url.searchParams.get('redirect_uri');
    if (redirectUri === null) return { status: 400, body: { message: 'redirect_uri is required by the stand-in' } };
    const back = new URL(redirectUri);
    const state = url.searchParams.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const login = this.signedIn;
    if (login === undefined) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user has denied your application access.');
    } else {
      const code = randomBytes(10).toString('hex');
      this.codes.set(code, { clientId, login, redirectUri, expiresAt: Date.now() + 600_000 });
      back.searchParams.set('code', code);
    }
    return { status: 302, body: { message: 'Found' }, headers: { location: back.toString() } };
  }

  /** POST /login/oauth/access_token: GitHub answers 200 with an `error` field when the code is bad. */
  accessToken(body: unknown): { status: number; body: unknown } {
    const input = formOrJson(body);
    const secret = this.apps.get(input.client_id ?? '');
    if (secret === undefined || secret !== input.client_secret) {
      return { status: 200, body: oauthError('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.') };
    }
    const issued = this.codes.get(input.code ?? '');
    this.codes.delete(input.code ?? '');
    if (
      issued === undefined ||
      issued.clientId !== input.client_id ||
      issued.expiresAt < Date.now() ||
      (input.redirect_uri !== undefined && issued.redirectUri !== null && input.redirect_uri !== issued.redirectUri)
    ) {
      return { status: 200, body: oauthError('bad_verification_code', 'The code passed is incorrect or expired.') };
    }
    const token = `gho_fake${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, issued.login);
    return { status: 200, body: { access_token: token, token_type: 'bearer', scope: '' } };
  }

  /** GET /user: the account the token belongs to. */
  user(headers: IncomingHttpHeaders): { status: number; body: unknown } {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? '');
    const login = match === null ? undefined : this.tokens.get(match[1]!);
    if (login === undefined) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    const user = this.users.get(login.toLowerCase()) ?? this.addUser(login);
    return {
      status: 200,
      body: { login: user.login, id: user.id, node_id: `U_${user.id}`, type: 'User', site_admin: false, name: user.name, html_url: `https://github.com/${user.login}` },
    };
  }
}

function oauthError(error: string, description: string) {
  return { error, error_description: description, error_uri: 'https://docs.github.com/apps/oauth' };
}

function formOrJson(body: unknown): Record<string, string | undefined> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}
