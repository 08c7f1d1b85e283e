import { ensureServiceRole, migrate, withCredentials } from '@clos/database';
import { createDatabaseFromTemplate, ensureDatabase, withDatabase } from './databases.js';
import { ensureTools } from './ensure-tools.js';
import { startStack, type RunningStack, type StackComponent } from './stack.js';
import { TEST_TEMPLATE_DATABASE } from './test-database.js';

/** The database the whole test run shares (DATABASE_URL). */
export const SHARED_TEST_DATABASE = 'clos_test';

/**
 * The least-privilege login role the services use in tests, as in production (member of
 * clos_app: no UPDATE/DELETE on the audit log, owns nothing). A throw-away cluster's, so
 * its password needs no secrecy.
 */
export const TEST_SERVICE_ROLE = { username: 'clos_service', password: 'clos-service-test-only' } as const;

/** The URL of the same database as `url`, logged in as the test service role. */
export function testServiceUrl(url: string): string {
  return withCredentials(url, TEST_SERVICE_ROLE.username, TEST_SERVICE_ROLE.password);
}

/** What a test stack offers; printed as one JSON line by the stack CLI. */
export interface TestStackEndpoints {
  /** Superuser URL of the `postgres` database (CLOS_TEST_PG_ADMIN_URL). */
  postgresAdminUrl?: string;
  /** A migrated database shared by the run, as its owner (DATABASE_MIGRATION_URL). */
  databaseUrl?: string;
  /** The same database as the services' least-privilege role (DATABASE_URL of the tests). */
  serviceDatabaseUrl?: string;
  /** host:port of the Temporal front end (TEMPORAL_ADDRESS). */
  temporalAddress?: string;
  /** dynalite (DYNAMODB_ENDPOINT). */
  dynamodbEndpoint?: string;
  /** moto (AWS_ENDPOINT_URL). */
  awsEndpointUrl?: string;
  /** The pinned `temporal` CLI and time-skipping test server, for TestWorkflowEnvironment. */
  temporalCliPath: string;
  temporalTestServerPath: string;
  /** The folder the stack keeps its data in. */
  dir: string;
}

/** A started test stack. */
export interface TestStack {
  endpoints: TestStackEndpoints;
  stack: RunningStack;
}

/**
 * Starts a throw-away stack for a test run in `dir`: installs the tools if
 * missing, starts the components in parallel, then migrates a template
 * database once and copies the run's shared database from it.
 */
export async function startTestStack(
  components: readonly StackComponent[],
  dir: string,
  log?: (line: string) => void,
): Promise<TestStack> {
  const tools = await ensureTools(log ? { log } : {});
  const stack = await startStack({
    components,
    dir,
    persistent: false,
    binaries: { temporal: tools.temporal, moto: tools.motoServer },
  });
  try {
    const endpoints: TestStackEndpoints = {
      temporalCliPath: tools.temporal,
      temporalTestServerPath: tools.temporalTestServer,
      dir,
    };
    if (stack.postgres) {
      const adminUrl = stack.postgres.adminUrl;
      await ensureDatabase(adminUrl, TEST_TEMPLATE_DATABASE);
      await migrate({ databaseUrl: withDatabase(adminUrl, TEST_TEMPLATE_DATABASE) });
      await ensureServiceRole({ adminUrl, ...TEST_SERVICE_ROLE });
      await createDatabaseFromTemplate(adminUrl, SHARED_TEST_DATABASE, TEST_TEMPLATE_DATABASE);
      endpoints.postgresAdminUrl = adminUrl;
      endpoints.databaseUrl = withDatabase(adminUrl, SHARED_TEST_DATABASE);
      endpoints.serviceDatabaseUrl = testServiceUrl(endpoints.databaseUrl);
    }
    if (stack.temporal) endpoints.temporalAddress = stack.temporal.address;
    if (stack.dynalite) endpoints.dynamodbEndpoint = stack.dynalite.endpoint;
    if (stack.moto) endpoints.awsEndpointUrl = stack.moto.endpoint;
    return { endpoints, stack };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
