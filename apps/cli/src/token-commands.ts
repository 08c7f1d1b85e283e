import { ClosError, notFound } from '@clos/domain/errors';
import {
  DEFAULT_TOKEN_LIFETIME,
  describeRoles,
  expiryFrom,
  issueToken,
  listTokens,
  parseRoleSpecs,
  revokeToken,
  tokenStatus,
  type TokenRecord,
} from '@clos/api/auth';
import { appendAudit, withTransaction } from '@clos/platform';
import type pg from 'pg';
import type { CliIo } from './cli-io.js';
import { formatTable } from './format-table.js';

/** Options of `clos token create`. */
export interface CreateTokenOptions {
  name: string;
  role: string[];
  expires: string;
  /** The member the token acts for. */
  person?: string;
  json?: boolean;
}

const iso = (d: Date | null) => (d === null ? '-' : d.toISOString().replace(/\.\d{3}Z$/, 'Z'));

function summary(r: TokenRecord, now: Date) {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    roles: r.roles,
    personId: r.personId,
    status: tokenStatus(r, now),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * Issues a token straight into the record, with its audit entry in the same
 * transaction. The secret goes to stdout alone (so a script can capture it); what it is
 * goes to stderr.
 */
export async function createTokenCommand(pool: pg.Pool, io: CliIo, options: CreateTokenOptions): Promise<void> {
  const now = io.now();
  const roles = parseRoleSpecs(options.role);
  const expiresAt = expiryFrom(options.expires || DEFAULT_TOKEN_LIFETIME, now);
  const actor = `cli:${io.user}`;
  const issued = await withTransaction(pool, async (db) => {
    const token = await issueToken(db, { name: options.name, roles, expiresAt, createdBy: actor, personId: options.person }, now);
    await appendAudit(db, {
      actor,
      action: 'token.create',
      target: `token-name:${token.record.name}`,
      details: { outcome: 'done', via: 'cli', tokenId: token.record.id, prefix: token.record.prefix, roles, personId: token.record.personId, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return token;
  });
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ ...summary(issued.record, now), token: issued.token })}\n`);
    return;
  }
  io.stdout(`${issued.token}\n`);
  const rolesText = Object.keys(roles).length === 0 ? 'none (it can only call GET /api/me and its person\'s own records)' : describeRoles(roles);
  io.stderr(
    `Token "${issued.record.name}" (${issued.record.id}) — roles: ${rolesText}${issued.record.personId !== null ? `; acts for ${issued.record.personId}` : ''}; expires: ${expiresAt === null ? 'never' : iso(expiresAt)}.\n` +
      'This is the only time it is shown: store it now. Use it as "Authorization: Bearer <token>".\n',
  );
}

/** Lists tokens, newest first: active only unless `all`. */
export async function listTokensCommand(pool: pg.Pool, io: CliIo, options: { all?: boolean; json?: boolean }): Promise<void> {
  const now = io.now();
  const records: TokenRecord[] = [];
  for (;;) {
    const last = records[records.length - 1];
    const page = await listTokens(pool, {
      limit: 500,
      ...(options.all === true ? {} : { activeOnly: true }),
      ...(last !== undefined ? { after: { createdAtKey: last.createdAtKey, id: last.id } } : {}),
    });
    records.push(...page);
    if (page.length < 500) break;
  }
  if (options.json === true) {
    io.stdout(`${JSON.stringify(records.map((r) => summary(r, now)))}\n`);
    return;
  }
  if (records.length === 0) {
    io.stderr(options.all === true ? 'No tokens.\n' : 'No active tokens (--all lists expired and revoked ones too).\n');
    return;
  }
  io.stdout(
    `${formatTable(
      ['ID', 'NAME', 'PREFIX', 'ROLES', 'STATUS', 'EXPIRES', 'LAST USED', 'CREATED BY'],
      records.map((r) => [
        r.id,
        r.name,
        r.prefix ?? '-',
        describeRoles(r.roles) || '-',
        tokenStatus(r, now),
        iso(r.expiresAt),
        iso(r.lastUsedAt),
        r.createdBy ?? '-',
      ]),
    )}\n`,
  );
}

/** Revokes a token at once; revoking one already revoked says so and changes nothing. */
export async function revokeTokenCommand(pool: pg.Pool, io: CliIo, id: string): Promise<void> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new ClosError('InvalidInput', `"${id}" is not a token id (a UUID, as "clos token list" shows)`);
  }
  const actor = `cli:${io.user}`;
  const result = await withTransaction(pool, async (db) => {
    const revoked = await revokeToken(db, id);
    if (revoked === undefined) throw notFound(`No token ${id}`);
    await appendAudit(db, {
      actor,
      action: 'token.revoke',
      target: `token:${id}`,
      details: { outcome: revoked.changed ? 'done' : 'unchanged', via: 'cli', name: revoked.record.name },
    });
    return revoked;
  });
  io.stderr(
    result.changed
      ? `Revoked token "${result.record.name}" (${id}).\n`
      : `Token "${result.record.name}" (${id}) was already revoked at ${iso(result.record.revokedAt)}.\n`,
  );
}
