import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, tsNodeArgs } from '../lib/paths.mjs';

/** First run on a fresh clone installs the Python tools; later runs take seconds. */
const START_TIMEOUT_MS = 10 * 60_000;

/**
 * Starts one real local stack (Postgres, Temporal, dynalite, moto) for the
 * whole jest run through the devstack CLI, and exports its endpoints to every
 * test process through the environment. The CLI stops the stack when its
 * stdin closes, so the stack cannot outlive this jest process.
 */
export default async function globalSetup() {
  const child = spawn(process.execPath, [...tsNodeArgs, join(repoRoot, 'services/devstack/src/stack-cli.ts')], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  globalThis.__closStack = child;

  // The CLI writes to stderr only for progress (a first run installs the tools) and trouble.
  child.stderr.pipe(process.stderr);

  const endpoints = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the test stack did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    let settled = false;
    function fail(error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      lines.close();
      // SIGTERM, not SIGKILL: the CLI stops the components it already started.
      child.kill('SIGTERM');
      reject(new Error(`${error.message} (its output is above)`));
    }
    lines.once('line', (line) => {
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        fail(new Error(`the test stack printed an unexpected line: ${line}`));
        return;
      }
      settled = true;
      clearTimeout(timer);
      lines.close();
      resolve(parsed);
    });
    child.once('exit', (code, signal) => fail(new Error(`the test stack exited (${signal ?? `code ${code}`}) before it was ready`)));
    child.once('error', fail);
  });

  child.stdout.resume();

  Object.assign(process.env, {
    // The services' least-privilege role, as in production; migrations run as the owner.
    DATABASE_URL: endpoints.serviceDatabaseUrl,
    DATABASE_MIGRATION_URL: endpoints.databaseUrl,
    CLOS_TEST_PG_ADMIN_URL: endpoints.postgresAdminUrl,
    TEMPORAL_ADDRESS: endpoints.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    AWS_ENDPOINT_URL: endpoints.awsEndpointUrl,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Tests run on the Node version the project supports; the SDK's upgrade notice is noise there.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CLOS_TEMPORAL_CLI_PATH: endpoints.temporalCliPath,
    CLOS_TEMPORAL_TEST_SERVER_PATH: endpoints.temporalTestServerPath,
  });
}
