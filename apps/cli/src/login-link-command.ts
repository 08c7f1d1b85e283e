import { invalidInput } from '@clos/domain/errors';
import { createLoginLink, describeRoles, knownPerson, loginLinkUrl, parseRoleSpecs } from '@clos/api/auth';
import { appendAudit, withTransaction } from '@clos/platform';
import type pg from 'pg';
import type { CliIo } from './cli-io.js';

/** Options of `clos login-link`. */
export interface LoginLinkCommandOptions {
  name: string;
  role: string[];
  admin?: boolean;
  minutes: string;
  next?: string;
  /** The api's public base URL the link points at. */
  baseUrl: string;
  /** The member the session acts for. */
  person?: string;
  json?: boolean;
}

/**
 * Issues a one-time login link straight into the record (hashed, expiring, good once),
 * with its audit entry in the same transaction. The URL goes to stdout alone, so `npm run
 * up` and scripts can capture it; what it grants goes to stderr.
 */
export async function loginLinkCommand(pool: pg.Pool, io: CliIo, options: LoginLinkCommandOptions): Promise<void> {
  if (options.admin !== true && options.role.length === 0) {
    throw invalidInput('give the roles the session gets: --role <pod>:<role> (repeatable) or --admin');
  }
  const roles = parseRoleSpecs([...options.role, ...(options.admin === true ? ['admin'] : [])]);
  if (!/^\d+$/.test(options.minutes)) throw invalidInput(`--minutes: "${options.minutes}" is not a whole number of minutes`);
  const minutes = Number(options.minutes);
  const now = io.now();
  const actor = `cli:${io.user}`;
  const issued = await withTransaction(pool, async (db) => {
    const personId = options.person === undefined ? null : await knownPerson(db, options.person);
    const link = await createLoginLink(db, { name: options.name, roles, createdBy: actor, now, minutes, personId });
    await appendAudit(db, {
      actor,
      action: 'auth.login_link.create',
      target: `token:${link.record.id}`,
      details: { outcome: 'done', via: 'cli', name: link.record.name, roles, expiresAt: link.record.expiresAt?.toISOString() ?? null },
    });
    return link;
  });
  const url = loginLinkUrl(options.baseUrl, issued.token, options.next);
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ id: issued.record.id, name: issued.record.name, roles, url, expiresAt: issued.record.expiresAt?.toISOString() ?? null })}\n`);
    return;
  }
  io.stdout(`${url}\n`);
  io.stderr(
    `Login link for "${issued.record.name}" — roles: ${describeRoles(roles)}; works once, until ${issued.record.expiresAt?.toISOString() ?? 'never'}.\n`,
  );
}

