import pg from 'pg';

/** The group role the migrations grant the services' privileges to. */
export const SERVICE_GROUP_ROLE = 'clos_app';

/** Options of {@link ensureServiceRole}. */
export interface EnsureServiceRoleOptions {
  /** A URL of a role that may create roles (the migrations' owner, the RDS master user). */
  adminUrl: string;
  /** Login name of the services' role. */
  username: string;
  password: string;
}

/**
 * Makes the services' login role exist with this password, as a member of
 * {@link SERVICE_GROUP_ROLE} and nothing more (no superuser, no CREATEROLE, no
 * CREATEDB, no BYPASSRLS). Run after the migrations, which create the group role.
 * Idempotent: a second call only resets the password.
 */
export async function ensureServiceRole(options: EnsureServiceRoleOptions): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.username)) {
    throw new Error(`service role name "${options.username}" must be a lower-case identifier`);
  }
  const client = new pg.Client({ connectionString: options.adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const role = client.escapeIdentifier(options.username);
    const password = client.escapeLiteral(options.password);
    // Two processes (the api's and the worker's boot, a test run's workers) may race here.
    await client.query(`SELECT pg_advisory_lock(hashtext('clos.service_role'))`);
    try {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [options.username]);
      // INHERIT: the role acts with the group's privileges without SET ROLE.
      const attributes = 'LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION';
      await client.query(`${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} WITH ${attributes} PASSWORD ${password}`);
      await client.query(`GRANT ${client.escapeIdentifier(SERVICE_GROUP_ROLE)} TO ${role}`);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('clos.service_role'))`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `url` with its credentials replaced by the service role's. */
export function withCredentials(url: string, username: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(username);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
