import { invalidInput } from '@clos/domain';
import { withTransaction } from '@clos/platform';
import type pg from 'pg';
import { hashToken, looksLikeToken } from './api-token.js';
import { csrfTokenFor } from './csrf.js';
import { podRolesSchema, type PodRoles } from './token-roles.js';
import { consumeLoginLink, insertToken, type IssuedToken, type TokenRecord } from './token-store.js';

/** The cookie holding a browser session's secret (HttpOnly). */
export const SESSION_COOKIE = 'clos_session';

/** The cookie holding the session's CSRF token, readable by the session's pages. */
export const CSRF_COOKIE = 'clos_csrf';

/** How long a login link stays good when none is asked for. */
export const LOGIN_LINK_MINUTES = 15;

/** How long a browser session lasts. */
export const SESSION_HOURS = 12;

/** Options of {@link createLoginLink}. */
export interface LoginLinkOptions {
  /** Roles the session it opens will have. */
  roles: PodRoles;
  /** Shown in token listings and the audit log, e.g. `local login`. */
  name: string;
  createdBy: string;
  now: Date;
  /** Minutes until the link stops working (default {@link LOGIN_LINK_MINUTES}). */
  minutes?: number;
}

/**
 * Issues a one-time login link's secret: opening `/auth/link?token=<secret>` once starts
 * a browser session with `roles`. `npm run up` prints one for local use.
 */
export async function createLoginLink(db: pg.Pool | pg.PoolClient, options: LoginLinkOptions): Promise<IssuedToken> {
  const roles = podRolesSchema.parse(options.roles);
  const minutes = options.minutes ?? LOGIN_LINK_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw invalidInput('minutes: a login link lasts 1 minute to 1 day');
  return insertToken(db, {
    kind: 'login-link',
    name: options.name,
    roles,
    createdBy: options.createdBy,
    expiresAt: new Date(options.now.getTime() + minutes * 60_000),
  });
}

/** A session just opened: its secret (the cookie), CSRF token and record, and the link spent. */
export interface OpenedSession {
  token: string;
  csrfToken: string;
  record: TokenRecord;
  link: TokenRecord;
}

/**
 * Spends a login link and opens a session with its roles, in one transaction; `undefined`
 * when the link is unknown, spent or expired.
 */
export async function openSessionFromLink(pool: pg.Pool, linkToken: string, now: Date): Promise<OpenedSession | undefined> {
  if (!looksLikeToken(linkToken)) return undefined;
  return withTransaction(pool, async (db) => {
    const link = await consumeLoginLink(db, hashToken(linkToken), now);
    if (link === undefined) return undefined;
    const session = await insertToken(db, {
      kind: 'session',
      name: link.name,
      roles: link.roles,
      createdBy: `login-link:${link.id}`,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    });
    return { token: session.token, csrfToken: csrfTokenFor(session.token), record: session.record, link };
  });
}
