import { randomBytes, timingSafeEqual } from 'node:crypto';
import { forbidden, notFound, unauthorized, unavailable } from '@clos/domain';
import type { GithubOAuthLogin } from '@clos/github';
import { appendAudit, type AuditInput } from '@clos/platform';
import type { ConfigSource } from '@clos/app';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { recordRefusal } from './auth-hooks.js';
import { rolesOfGithubMember } from '@clos/app';
import { knownPerson } from './issue-token.js';
import { matchGithubAccount } from './github-account.js';
import { startRecordedSession } from './session.js';
import { GITHUB_CREATOR } from './authenticate.js';
import { isExplainPath } from '../explain/explain-access.js';
import { replyWithSession, safeNext } from './session-routes.js';
import { addressOf } from '../net/client-address.js';

/** The cookie binding a "Sign in with GitHub" round trip to the browser that started it. */
export const OAUTH_STATE_COOKIE = 'clos_oauth';

/** How long someone may take on GitHub's authorize page. */
const STATE_MINUTES = 10;

const COOKIE_PATH = '/auth/github';

/** "Sign in with GitHub", when an OAuth App is configured. */
export interface GithubLoginSettings {
  login: GithubOAuthLogin;
  /** This api's callback, as registered on the OAuth App: `<PUBLIC_URL>/auth/github/callback`. */
  callbackUrl: string;
}

const NOT_CONFIGURED =
  'Sign in with GitHub is not configured: create a GitHub OAuth App whose callback URL is <PUBLIC_URL>/auth/github/callback, ' +
  'then set GITHUB_OAUTH_CLIENT_ID and GITHUB_OAUTH_CLIENT_SECRET (and GITHUB_WEB_URL for GitHub Enterprise)';

const startQuery = z.object({ next: z.string().max(2000).optional().describe('A path on this site to go to afterwards') });

const callbackQuery = z.object({
  code: z.string().min(1).max(200).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The state cookie: `<state>.<next, base64url>`. */
function readStateCookie(value: string | undefined): { state: string; next: string } | undefined {
  if (value === undefined) return undefined;
  const dot = value.indexOf('.');
  if (dot <= 0) return undefined;
  return { state: value.slice(0, dot), next: Buffer.from(value.slice(dot + 1), 'base64url').toString('utf8') };
}

/**
 * `GET /auth/github` sends the browser to GitHub's authorize page with a fresh random
 * `state`, kept in a short-lived HttpOnly cookie; `GET /auth/github/callback` checks that
 * the state GitHub hands back is the one this browser was given (so nobody can log a
 * victim into the attacker's account), trades the code for the GitHub login, maps it to
 * its clos.yml memberships and starts a session as a login link does. A login that is not
 * in clos.yml is refused, unless it came from a status link's explanation page: then it gets
 * a session without any role, which that page judges by what GitHub lets the account see.
 * Every refusal and login is audited. Without an OAuth App both
 * answer 404 saying how to configure one.
 */
export function githubLoginRoutes(deps: {
  pool: pg.Pool;
  config: ConfigSource;
  now: () => Date;
  audit: (entry: AuditInput) => Promise<void>;
  github: GithubLoginSettings | undefined;
}) {
  const refuse = async (request: FastifyRequest, reason: string, details: Record<string, unknown> = {}): Promise<void> => {
    await recordRefusal({ audit: deps.audit }, request, 'anonymous', 'auth.refused', { reason, via: 'github', ...details });
  };
  const clearState = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(OAUTH_STATE_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });

  return async function githubLogin(scope: FastifyInstance): Promise<void> {
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    typed.get('/auth/github', { schema: { hide: true, querystring: startQuery } }, async (request, reply) => {
      if (deps.github === undefined) throw notFound(NOT_CONFIGURED);
      const state = randomBytes(24).toString('base64url');
      const next = safeNext(request.query.next);
      return reply
        .setCookie(OAUTH_STATE_COOKIE, `${state}.${Buffer.from(next, 'utf8').toString('base64url')}`, {
          path: COOKIE_PATH,
          httpOnly: true,
          // Lax: the cookie must ride along on GitHub's top-level redirect back to us.
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: STATE_MINUTES * 60,
        })
        .header('cache-control', 'no-store')
        .redirect(deps.github.login.authorizeUrl({ state, redirectUrl: deps.github.callbackUrl }), 302);
    });

    typed.get('/auth/github/callback', { schema: { hide: true, querystring: callbackQuery } }, async (request, reply) => {
      const github = deps.github;
      if (github === undefined) throw notFound(NOT_CONFIGURED);
      const expected = readStateCookie(request.cookies[OAUTH_STATE_COOKIE]);
      clearState(request, reply);
      const { code, state, error } = request.query;
      if (expected === undefined || state === undefined || !sameSecret(state, expected.state)) {
        await refuse(request, 'bad_state', { stateCookie: expected !== undefined });
        throw forbidden('This sign-in did not start here or took too long (its state does not match): start again at /auth/github', {
          reason: 'bad_state',
        });
      }
      if (error !== undefined || code === undefined) {
        await refuse(request, 'declined', { githubError: error ?? 'no code' });
        throw unauthorized(`GitHub did not sign you in (${error ?? 'no code'}): start again at /auth/github`, { reason: 'declined' });
      }
      const identified = await github.login.identify({ code, redirectUrl: github.callbackUrl });
      if (!identified.ok) {
        if (identified.reason === 'unavailable') {
          request.log.warn({ reason: identified.message }, 'GitHub sign-in could not reach GitHub');
          throw unavailable('GitHub could not be reached to finish the sign-in; try again shortly');
        }
        await refuse(request, 'bad_code');
        throw unauthorized('GitHub refused the sign-in code (used already or expired): start again at /auth/github', { reason: 'bad_code' });
      }
      // Matched by the account's id, not its login: a login can be renamed and then taken.
      const match = await matchGithubAccount(deps.pool, identified.user);
      if (!match.ok && match.reason === 'account_changed') {
        await refuse(request, 'account_changed', { githubLogin: identified.user.login, githubId: identified.user.id });
        throw forbidden(
          `GitHub login "${identified.user.login}" now belongs to another account than the member clos.yml names; ask an admin to update clos.yml`,
          { reason: 'account_changed', githubLogin: identified.user.login },
        );
      }
      // A renamed member keeps their clos.yml login; otherwise the login as GitHub spells it.
      const renamed = match.ok && match.memberLogin.toLowerCase() !== identified.user.login.toLowerCase();
      const login = renamed ? match.memberLogin : identified.user.login;
      const roles = rolesOfGithubMember(deps.config.current(), login);
      const next = safeNext(expected.next);
      if (roles === undefined && isExplainPath(next)) {
        // Someone clos.yml does not list, come from a status link: a session with no role at
        // all, which the explanation pages show only what GitHub says they can see.
        const session = await startRecordedSession(
          deps.pool,
          { name: `github:${login}`, roles: {}, createdBy: `${GITHUB_CREATOR}${login}`, now: deps.now() },
          (db, started) =>
            appendAudit(db, {
              actor: `session:${started.record.id}`,
              action: 'auth.login',
              details: { via: 'github', githubLogin: login, githubId: identified.user.id, roles: {}, reader: 'repository', correlationId: request.id },
              ...addressOf(request),
            }).then(() => undefined),
        );
        return replyWithSession(request, reply, session, next);
      }
      if (roles === undefined) {
        await refuse(request, 'not_a_member', { githubLogin: login });
        throw forbidden(`GitHub user "${login}" is not a member of any pod in clos.yml; ask an admin to add them`, {
          reason: 'not_a_member',
          githubLogin: login,
        });
      }
      const now = deps.now();
      // The session acts for the member: their own records (My day, decisions) are theirs to read.
      const personId = await knownPerson(deps.pool, login).catch(() => undefined);
      const session = await startRecordedSession(
        deps.pool,
        {
          name: `github:${login}`,
          roles,
          createdBy: `${GITHUB_CREATOR}${login}`,
          now,
          ...(personId !== undefined ? { personId } : {}),
        },
        (db, started) =>
          appendAudit(db, {
            actor: `session:${started.record.id}`,
            action: 'auth.login',
            details: { via: 'github', githubLogin: login, githubId: identified.user.id, roles, correlationId: request.id },
            ...addressOf(request),
          }).then(() => undefined),
      );
      return replyWithSession(request, reply, session, expected.next);
    });
  };
}
