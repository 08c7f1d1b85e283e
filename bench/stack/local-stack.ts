import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findRepoRoot, type TestStackEndpoints } from '@clos/devstack';

/** The servers the benchmark needs; moto is left out because it measures the local outbox bus. */
const COMPONENTS = 'postgres,temporal,dynalite';

/** A first run on a fresh clone installs the pinned tools; later starts take seconds. */
const START_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** The real local servers the benchmark runs against, and how to stop them. */
export interface LocalStack {
  endpoints: Required<Pick<TestStackEndpoints, 'databaseUrl' | 'postgresAdminUrl' | 'temporalAddress' | 'dynamodbEndpoint'>>;
  stop(): Promise<void>;
}

/**
 * Starts a throw-away Postgres (migrated), Temporal dev server and dynalite on free ports of
 * 127.0.0.1 through the devstack CLI, exactly as the test run does. The CLI stops every
 * server when its stdin closes, so the servers cannot outlive this process even if it is
 * killed.
 */
export async function startLocalStack(log: (line: string) => void): Promise<LocalStack> {
  const repoRoot = findRepoRoot();
  const child = spawn(process.execPath, [...process.execArgv, join(repoRoot, 'services/devstack/src/stack-cli.ts'), '--components', COMPONENTS], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The CLI writes to stderr only for progress (a first run installs the tools) and trouble.
  createInterface({ input: child.stderr }).on('line', log);

  const endpoints = await readEndpoints(child);
  child.stdout.resume();
  const { databaseUrl, postgresAdminUrl, temporalAddress, dynamodbEndpoint } = endpoints;
  if (!databaseUrl || !postgresAdminUrl || !temporalAddress || !dynamodbEndpoint) {
    child.kill('SIGTERM');
    throw new Error(`the local stack reported incomplete endpoints: ${JSON.stringify(endpoints)}`);
  }
  let stopping: Promise<void> | undefined;
  return {
    endpoints: { databaseUrl, postgresAdminUrl, temporalAddress, dynamodbEndpoint },
    stop: () => (stopping ??= stopChild(child)),
  };
}

function readEndpoints(child: ChildProcessWithoutNullStreams): Promise<TestStackEndpoints> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      lines.close();
      // SIGTERM, not SIGKILL: the CLI stops the servers it already started.
      child.kill('SIGTERM');
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`the local stack did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    lines.once('line', (line) => {
      try {
        const parsed = JSON.parse(line) as TestStackEndpoints;
        settled = true;
        clearTimeout(timer);
        lines.close();
        resolve(parsed);
      } catch {
        fail(new Error(`the local stack printed an unexpected line: ${line}`));
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`the local stack exited (${signal ?? `code ${code}`}) before it was ready`)));
    child.once('error', fail);
  });
}

async function stopChild(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
