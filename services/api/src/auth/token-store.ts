import type { Queryable } from '@clos/platform';
import { generateToken } from './api-token.js';
import type { PodRoles } from '@clos/app';

/**
 * What a token is for: an API token sent as a bearer credential; a browser session
 * carried in a cookie; a one-time login link, good only to open a session. Stored in the
 * token's `scopes`; no scope is an API token.
 */
export type TokenKind = 'api' | 'session' | 'login-link';

const KIND_SCOPES: Readonly<Record<TokenKind, string[]>> = { api: [], session: ['session'], 'login-link': ['login-link'] };

function kindOf(scopes: readonly string[]): TokenKind {
  if (scopes.includes('login-link')) return 'login-link';
  if (scopes.includes('session')) return 'session';
  return 'api';
}

/** An API token as stored: never its plaintext, only what describes it. */
export interface TokenRecord {
  id: string;
  kind: TokenKind;
  name: string;
  /** The non-secret start of the token (`clos_AbCdEfGh`). */
  prefix: string | null;
  roles: PodRoles;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** The clos.yml member (`people.id`) the token acts for; leadership records need one. */
  personId: string | null;
  /** `created_at` to the microsecond, for keyset paging. */
  createdAtKey: string;
}

/** Whether a token can still be used. */
export type TokenStatus = 'active' | 'expired' | 'revoked';

/** What a token is issued with. */
export interface IssueTokenInput {
  name: string;
  roles: PodRoles;
  /** `null`: never expires. */
  expiresAt: Date | null;
  /** Who issued it: `token:<id>` or `cli:<user>`. */
  createdBy: string;
  /** Default `api`. */
  kind?: TokenKind;
  /** The member it acts for (`people.id`), if any. */
  personId?: string | null;
}

/** A token just issued: its record and, this once, its plaintext. */
export interface IssuedToken {
  record: TokenRecord;
  token: string;
}

interface TokenRow {
  id: string;
  scopes: string[];
  name: string;
  token_prefix: string | null;
  pod_roles: Record<string, string>;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  person_id: string | null;
  created_at_key: string;
}

const COLUMNS = `id, scopes, name, token_prefix, pod_roles, created_by, created_at, expires_at, revoked_at, last_used_at, person_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_key`;

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    kind: kindOf(row.scopes),
    name: row.name,
    prefix: row.token_prefix,
    roles: row.pod_roles as PodRoles,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    personId: row.person_id,
    createdAtKey: row.created_at_key,
  };
}

/** Whether the token is active, expired or revoked at `now` (revocation wins). */
export function tokenStatus(record: Pick<TokenRecord, 'expiresAt' | 'revokedAt'>, now: Date): TokenStatus {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && record.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** Draws a token and stores its hash; the plaintext is returned once and kept nowhere. */
export async function insertToken(db: Queryable, input: IssueTokenInput): Promise<IssuedToken> {
  const generated = generateToken();
  const { rows } = await db.query<TokenRow>(
    `INSERT INTO api_tokens (name, token_hash, token_prefix, pod_roles, created_by, expires_at, scopes, person_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [
      input.name,
      generated.hash,
      generated.prefix,
      JSON.stringify(input.roles),
      input.createdBy,
      input.expiresAt,
      KIND_SCOPES[input.kind ?? 'api'],
      input.personId ?? null,
    ],
  );
  return { record: toRecord(rows[0]!), token: generated.token };
}

/** The token with that hash, whatever its status. */
export async function findTokenByHash(db: Queryable, hash: string): Promise<TokenRecord | undefined> {
  const { rows } = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1`, [hash]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** The token with that id, whatever its status. */
export async function findTokenById(db: Queryable, id: string): Promise<TokenRecord | undefined> {
  const { rows } = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/**
 * Records that a token was used. Written at most once a minute per token, so a busy
 * client costs one write a minute rather than one per request.
 */
export async function touchToken(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE api_tokens SET last_used_at = now()
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [id],
  );
}

/** Options of {@link listTokens}. */
export interface ListTokensOptions {
  limit: number;
  /** Continue after this token (newest first). */
  after?: { createdAtKey: string; id: string };
  /** Only tokens that are still usable. */
  activeOnly?: boolean;
  /** Only tokens of this kind (default: every kind). */
  kind?: TokenKind;
}

/** Tokens, newest first. */
export async function listTokens(db: Queryable, options: ListTokensOptions): Promise<TokenRecord[]> {
  const values: unknown[] = [options.limit];
  const where: string[] = [];
  if (options.after !== undefined) {
    values.push(options.after.createdAtKey, options.after.id);
    where.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  if (options.activeOnly === true) where.push('revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())');
  if (options.kind !== undefined) {
    values.push(KIND_SCOPES[options.kind]);
    where.push(`scopes = $${values.length}::text[]`);
  }
  const { rows } = await db.query<TokenRow>(
    `SELECT ${COLUMNS} FROM api_tokens ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC LIMIT $1`,
    values,
  );
  return rows.map(toRecord);
}

/**
 * Revokes a token. Revoking one already revoked changes nothing (`changed: false`);
 * `undefined` when no token has that id.
 */
export async function revokeToken(db: Queryable, id: string): Promise<{ record: TokenRecord; changed: boolean } | undefined> {
  const { rows } = await db.query<TokenRow>(
    `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    [id],
  );
  if (rows[0] !== undefined) return { record: toRecord(rows[0]), changed: true };
  const existing = await findTokenById(db, id);
  return existing === undefined ? undefined : { record: existing, changed: false };
}

/**
 * Spends a one-time login link: revokes it and returns it when it was an unexpired,
 * unrevoked link at `now`; `undefined` otherwise. One statement, so two clicks on the same
 * link cannot both succeed.
 */
export async function consumeLoginLink(db: Queryable, hash: string, now: Date): Promise<TokenRecord | undefined> {
  const { rows } = await db.query<TokenRow>(
    `UPDATE api_tokens SET revoked_at = $2, last_used_at = $2
     WHERE token_hash = $1 AND scopes = $3::text[] AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
     RETURNING ${COLUMNS}`,
    [hash, now, KIND_SCOPES['login-link']],
  );
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** Of `podIds`, those the record of pods does not hold (a typo, or clos.yml not synced yet). */
export async function unknownPods(db: Queryable, podIds: readonly string[]): Promise<string[]> {
  if (podIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>('SELECT id FROM pods WHERE id = ANY($1::text[])', [podIds]);
  const known = new Set(rows.map((r) => r.id));
  return podIds.filter((id) => !known.has(id));
}
