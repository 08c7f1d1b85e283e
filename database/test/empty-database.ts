import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throw-away database on the test server, dropped by {@link EmptyDatabase.drop}. */
export interface EmptyDatabase {
  /** URL of the new database, with the admin's (superuser) credentials. */
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty, unmigrated database next to the shared test database,
 * using the admin URL the jest global setup exports.
 */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const adminUrl = process.env.CLOS_TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('CLOS_TEST_PG_ADMIN_URL is not set; run the tests through the jest global setup');
  const name = `clos_db_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
