import { invalidInput } from '@clos/domain';
import { withTransaction } from '@clos/platform';
import type pg from 'pg';
import { hashToken, looksLikeToken } from './api-token.js';
import { csrfTokenFor } from './csrf.js';
import { ANY_POD, podRolesSchema, type PodRoles } from '@clos/app';
import { consumeLoginLink, insertToken, unknownPods, type IssuedToken, type TokenRecord } from './token-store.js';
import { LOGIN_LINK_MINUTES } from './expiry.js';

/** The cookie holding a browser session's secret (HttpOnly). */
export const SESSION_COOKIE = 'clos_session';

/** The cookie holding the session's CSRF token, readable by the session's pages. */
export const CSRF_COOKIE = 'clos_csrf';

/** How long a login link stays good when none is asked for (one definition, beside token lifetimes). */
export { LOGIN_LINK_MINUTES };

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
  /** The member (`people.id`) the session it opens acts for. */
  personId?: string | null;
}

/**
 * Issues a one-time login link's secret: opening `/auth/link?token=<secret>` once starts
 * a browser session with `roles`. `npm run up` prints one for local use.
 */
export async function createLoginLink(db: pg.Pool | pg.PoolClient, options: LoginLinkOptions): Promise<IssuedToken> {
  const name = options.name.trim();
  if (name.length === 0 || name.length > 200) throw invalidInput('name: must be 1 to 200 characters');
  const parsed = podRolesSchema.safeParse(options.roles);
  if (!parsed.success) throw invalidInput(`roles: ${parsed.error.issues.map((i) => (i.path.length ? `${String(i.path[0])}: ${i.message}` : i.message)).join('; ')}`);
  const missing = await unknownPods(db, Object.keys(parsed.data).filter((pod) => pod !== ANY_POD));
  if (missing.length > 0) throw invalidInput(`roles: no pod ${missing.map((p) => `"${p}"`).join(', ')} (pods come from clos.yml)`, { unknownPods: missing });
  const minutes = options.minutes ?? LOGIN_LINK_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) throw invalidInput('minutes: a login link lasts 1 minute to 1 day');
  return insertToken(db, {
    kind: 'login-link',
    name,
    roles: parsed.data,
    personId: options.personId ?? null,
    createdBy: options.createdBy,
    expiresAt: new Date(options.now.getTime() + minutes * 60_000),
  });
}

/** The URL that opens a login link: `<base>/auth/link?token=…[&next=…]`. */
export function loginLinkUrl(baseUrl: string, token: string, next?: string): string {
  const url = new URL('/auth/link', baseUrl);
  url.searchParams.set('token', token);
  if (next !== undefined) url.searchParams.set('next', next);
  return url.toString();
}

/** A session just opened: its secret (the cookie), CSRF token and record. */
export interface StartedSession {
  token: string;
  csrfToken: string;
  record: TokenRecord;
}

/** A session opened from a login link: the session, and the link spent. */
export interface OpenedSession extends StartedSession {
  link: TokenRecord;
}

/** What a session is opened for: who (shown in listings and the audit log) and with which roles. */
export interface SessionInput {
  name: string;
  roles: PodRoles;
  /** How it was opened: `login-link:<id>`, `github:<login>`. */
  createdBy: string;
  now: Date;
  /** The member (`people.id`) the session acts for. */
  personId?: string | null;
}

/** Opens a browser session: a `session` token lasting {@link SESSION_HOURS}, stored hashed. */
export async function startSession(db: pg.Pool | pg.PoolClient, input: SessionInput): Promise<StartedSession> {
  const session = await insertToken(db, {
    kind: 'session',
    name: input.name,
    roles: podRolesSchema.parse(input.roles),
    createdBy: input.createdBy,
    expiresAt: new Date(input.now.getTime() + SESSION_HOURS * 3_600_000),
    personId: input.personId ?? null,
  });
  return { token: session.token, csrfToken: csrfTokenFor(session.token), record: session.record };
}

/**
 * Spends a login link and opens a session with its roles, in one transaction with
 * `record` (the audit entry): no session without it. `undefined` when the link is unknown,
 * spent or expired.
 */
export async function openSessionFromLink(
  pool: pg.Pool,
  linkToken: string,
  now: Date,
  record: (db: pg.PoolClient, opened: OpenedSession) => Promise<void> = async () => undefined,
): Promise<OpenedSession | undefined> {
  if (!looksLikeToken(linkToken)) return undefined;
  return withTransaction(pool, async (db) => {
    const link = await consumeLoginLink(db, hashToken(linkToken), now);
    if (link === undefined) return undefined;
    const session = await startSession(db, { name: link.name, roles: link.roles, createdBy: `login-link:${link.id}`, now, personId: link.personId });
    const opened = { ...session, link };
    await record(db, opened);
    return opened;
  });
}

/** Opens a browser session and writes its audit entry in one transaction: no session without it. */
export async function startRecordedSession(pool: pg.Pool, input: SessionInput, record: (db: pg.PoolClient, session: StartedSession) => Promise<void>): Promise<StartedSession> {
  return withTransaction(pool, async (db) => {
    const session = await startSession(db, input);
    await record(db, session);
    return session;
  });
}
