import type { PodRoles } from './token-roles.js';

/** Who is calling, once their credentials check out. */
export interface Principal {
  /**
   * How they are named in the audit log and to the workflows: `token:<id>`, `session:<id>`
   * for a browser session, the person id for someone clos.yml lists by their Slack id.
   */
  actor: string;
  /** An API token sent as a bearer credential, a browser session's cookie, or a verified Slack request. */
  via: 'token' | 'session' | 'slack';
  /** The token's or session's id; the Slack user id for a Slack caller. */
  tokenId: string;
  /** The token's name, for people reading the audit log. */
  name: string;
  roles: PodRoles;
  expiresAt: Date | null;
  /** For a session: what its unsafe requests must carry in X-CSRF-Token. */
  csrfToken?: string;
  /** For a session opened by "Sign in with GitHub": the GitHub account it signed in as. */
  githubLogin?: string;
}

/** Why a caller was refused as unauthenticated; recorded in the audit log. */
export type AuthFailureReason = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked';

/** The outcome of checking a request's credentials. */
export type Authentication =
  | { ok: true; principal: Principal }
  | { ok: false; reason: AuthFailureReason; /** Non-secret start of the offered token, when there was one. */ tokenPrefix?: string };

/** What a refused caller is told: enough to fix it, nothing about other tokens. */
export const AUTH_FAILURE_MESSAGES: Readonly<Record<AuthFailureReason, string>> = {
  missing: 'Authentication required: send "Authorization: Bearer <token>"',
  malformed: 'The Authorization header must be "Bearer clos_…" with a CLOS API token',
  unknown: 'The bearer token is not valid',
  expired: 'The bearer token has expired',
  revoked: 'The bearer token has been revoked',
};
