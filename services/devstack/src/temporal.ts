import { ensureTools } from './ensure-tools.js';
import { spawnManaged, type ManagedProcess } from './managed-process.js';
import { getFreePort } from './free-port.js';
import { reapStaleProcess } from './stale-process.js';
import { httpAnswers, waitUntil } from './wait-until.js';

/** Options of {@link startTemporal}. */
export interface StartTemporalOptions {
  /** The `temporal` CLI to run; the pinned one of {@link ensureTools} when omitted. */
  binary?: string;
  /** SQLite file that keeps workflow state across runs; in memory when omitted. */
  dbFile?: string;
  /** Front-end gRPC port. */
  port: number;
  /** Web UI port; the server runs headless when omitted. */
  uiPort?: number;
  onLine?: (line: string) => void;
  /** Pid file for reaping an orphan of an earlier, killed run. */
  pidFile?: string;
}

/** A running Temporal dev server. */
export interface RunningTemporal {
  /** host:port of the gRPC front end (namespace "default" exists). */
  address: string;
  /** The Web UI, when one was asked for. */
  uiUrl?: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1 and resolves once the
 * "default" namespace answers (checked through the server's HTTP API, which
 * only serves once the front end is up).
 */
export async function startTemporal(options: StartTemporalOptions): Promise<RunningTemporal> {
  if (options.pidFile) await reapStaleProcess(options.pidFile);
  const httpPort = await getFreePort();
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--http-port',
    String(httpPort),
    '--log-level',
    'warn',
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.uiPort !== undefined
      ? ['--ui-port', String(options.uiPort), '--ui-disable-news-fetch']
      : ['--headless']),
  ];
  const server = spawnManaged({
    name: 'temporal',
    command: options.binary ?? (await ensureTools({ tools: ['temporal'] })).temporal,
    args,
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.pidFile ? { pidFile: options.pidFile } : {}),
  });
  try {
    await waitUntil(
      () => httpAnswers(`http://127.0.0.1:${httpPort}/api/v1/namespaces/default`, (status) => status === 200),
      { what: `Temporal on port ${options.port}`, timeoutMs: 90_000, intervalMs: 200, process: server },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    address: `127.0.0.1:${options.port}`,
    ...(options.uiPort !== undefined ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
    process: server,
    stop: async () => {
      await server.stop();
    },
  };
}
