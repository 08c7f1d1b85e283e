import type { Queryable } from '@clos/platform';
import { displayPrefix, hashToken, looksLikeToken } from './api-token.js';
import type { Authentication } from './principal.js';
import { findTokenByHash, tokenStatus, touchToken } from './token-store.js';

/**
 * Checks an `Authorization` header: a CLOS API token as a bearer credential, known,
 * neither expired nor revoked. Records its use (at most once a minute).
 */
export async function authenticateBearer(db: Queryable, authorization: string | undefined, now: Date): Promise<Authentication> {
  if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (match === null) return { ok: false, reason: 'malformed' };
  const token = match[1]!;
  if (!looksLikeToken(token)) return { ok: false, reason: 'malformed' };
  const tokenPrefix = displayPrefix(token);
  const record = await findTokenByHash(db, hashToken(token));
  if (record === undefined) return { ok: false, reason: 'unknown', tokenPrefix };
  const status = tokenStatus(record, now);
  if (status !== 'active') return { ok: false, reason: status, tokenPrefix };
  await touchToken(db, record.id);
  return {
    ok: true,
    principal: { actor: `token:${record.id}`, tokenId: record.id, name: record.name, roles: record.roles, expiresAt: record.expiresAt },
  };
}
