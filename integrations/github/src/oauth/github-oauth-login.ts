import { exchangeWebFlowCode, getWebFlowAuthorizationUrl } from '@octokit/oauth-methods';
import { request as octokitRequest } from '@octokit/request';
import { RequestError } from '@octokit/request-error';
import { Octokit } from '@octokit/rest';

/** An OAuth App's settings: where GitHub lives and who the app is. */
export interface GithubOAuthSettings {
  clientId: string;
  clientSecret: string;
  /** GitHub's web base, where people sign in (`https://github.com`, or a GitHub Enterprise host). */
  webUrl: string;
  /** GitHub's REST base (`https://api.github.com`, or `https://<host>/api/v3`). */
  apiUrl: string;
}

/** The GitHub account that signed in. */
export interface GithubOAuthUser {
  login: string;
  id: number;
  name: string | null;
}

/** Why signing in with GitHub did not work. */
export type GithubOAuthFailure =
  /** GitHub refused the code: used already, expired, or for another app. */
  | { ok: false; reason: 'bad_code'; message: string }
  /** GitHub could not be reached or answered unexpectedly. */
  | { ok: false; reason: 'unavailable'; message: string };

/** The web-flow half of "Sign in with GitHub" (OAuth App), vendor details kept here. */
export interface GithubOAuthLogin {
  /** Where to send the browser: GitHub's authorize page for this app, carrying `state`. */
  authorizeUrl(input: { state: string; redirectUrl: string }): string;
  /** Trades the code GitHub sent back for a token, and asks GitHub whose it is. */
  identify(input: { code: string; redirectUrl: string }): Promise<{ ok: true; user: GithubOAuthUser } | GithubOAuthFailure>;
}

/**
 * Builds the web-flow client on @octokit/oauth-methods (authorize URL, code exchange) and
 * @octokit/rest (the signed-in user). No scope is asked for: the public profile names the
 * login, which is all CLOS needs; the token is used once and dropped.
 */
export function createGithubOAuthLogin(settings: GithubOAuthSettings): GithubOAuthLogin {
  // oauth-methods derive the web base from the request's base URL (api.github.com → github.com,
  // a GitHub Enterprise /api/v3 → its host), so the web URL itself is given as the base.
  const webRequest = octokitRequest.defaults({ baseUrl: settings.webUrl.replace(/\/+$/, '') });
  return {
    authorizeUrl({ state, redirectUrl }) {
      return getWebFlowAuthorizationUrl({
        clientType: 'oauth-app',
        clientId: settings.clientId,
        redirectUrl,
        state,
        scopes: [],
        allowSignup: false,
        request: webRequest,
      }).url;
    },
    async identify({ code, redirectUrl }) {
      let token: string;
      try {
        const exchanged = await exchangeWebFlowCode({
          clientType: 'oauth-app',
          clientId: settings.clientId,
          clientSecret: settings.clientSecret,
          code,
          redirectUrl,
          request: webRequest,
        });
        token = exchanged.authentication.token;
      } catch (error) {
        // GitHub answers a bad code with 200 and an `error` field; the library raises it as a 400.
        if (error instanceof RequestError && error.status === 400) return { ok: false, reason: 'bad_code', message: error.message };
        return { ok: false, reason: 'unavailable', message: `exchanging the code failed: ${describe(error)}` };
      }
      try {
        const octokit = new Octokit({ auth: token, baseUrl: settings.apiUrl.replace(/\/+$/, ''), request: { retries: 0 } });
        const { data } = await octokit.rest.users.getAuthenticated();
        return { ok: true, user: { login: data.login, id: data.id, name: data.name ?? null } };
      } catch (error) {
        return { ok: false, reason: 'unavailable', message: `reading the signed-in user failed: ${describe(error)}` };
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
