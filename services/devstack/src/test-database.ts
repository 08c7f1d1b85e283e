import { randomBytes } from 'node:crypto';
import { createDatabaseFromTemplate, withDatabase } from './databases.js';

/** The migrated database every test database is copied from. */
export const TEST_TEMPLATE_DATABASE = 'clos_template';

/** Options of {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions {
  /** Superuser URL of the test cluster; default CLOS_TEST_PG_ADMIN_URL set by the jest global setup. */
  adminUrl?: string;
}

/**
 * A fresh, migrated database of its own for one test file or test: a copy of
 * the template the global setup migrated. Returns its postgres:// URL. The
 * database lives until the test run's cluster is torn down.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<string> {
  const adminUrl = options.adminUrl ?? testAdminUrlFromEnv();
  const name = `clos_test_${randomBytes(6).toString('hex')}`;
  await createDatabaseFromTemplate(adminUrl, name, TEST_TEMPLATE_DATABASE);
  return withDatabase(adminUrl, name);
}

/** The admin URL the jest global setup exports. */
function testAdminUrlFromEnv(): string {
  const url = process.env.CLOS_TEST_PG_ADMIN_URL;
  if (!url) {
    throw new Error('CLOS_TEST_PG_ADMIN_URL is not set: run tests through `npm test` (the jest global setup starts Postgres)');
  }
  return url;
}
