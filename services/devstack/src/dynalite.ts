import { createRequire } from 'node:module';
import { spawnManaged, type ManagedProcess } from './managed-process.js';
import { reapStaleProcess } from './stale-process.js';
import { httpAnswers, waitUntil } from './wait-until.js';

/** Options of {@link startDynalite}. */
export interface StartDynaliteOptions {
  /** LevelDB folder that keeps the tables across runs; in memory when omitted. */
  path?: string;
  port: number;
  onLine?: (line: string) => void;
  /** Pid file for reaping an orphan of an earlier, killed run. */
  pidFile?: string;
}

/** A running DynamoDB-compatible server. */
export interface RunningDynalite {
  /** http://127.0.0.1:port, for the AWS SDK's `endpoint`. */
  endpoint: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts dynalite (npm), a DynamoDB-compatible server, in a child Node
 * process. Table creation and deletion take no time here: real DynamoDB's
 * CREATING state is modelled by the SDK waiters, whose 20 s polling would
 * only slow local runs down.
 */
export async function startDynalite(options: StartDynaliteOptions): Promise<RunningDynalite> {
  if (options.pidFile) await reapStaleProcess(options.pidFile);
  const cli = createRequire(import.meta.url).resolve('dynalite/cli.js');
  const server = spawnManaged({
    name: 'dynalite',
    command: process.execPath,
    args: [
      cli,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--createTableMs',
      '0',
      '--deleteTableMs',
      '0',
      '--updateTableMs',
      '0',
      ...(options.path ? ['--path', options.path] : []),
    ],
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.pidFile ? { pidFile: options.pidFile } : {}),
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntil(() => httpAnswers(endpoint), { what: `dynalite on port ${options.port}`, timeoutMs: 30_000, process: server });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    endpoint,
    process: server,
    stop: async () => {
      await server.stop();
    },
  };
}
