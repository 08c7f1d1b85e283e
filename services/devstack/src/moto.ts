import { ensureTools } from './ensure-tools.js';
import { spawnManaged, type ManagedProcess } from './managed-process.js';
import { reapStaleProcess } from './stale-process.js';
import { httpAnswers, waitUntil } from './wait-until.js';

/** Options of {@link startMoto}. */
export interface StartMotoOptions {
  /** The `moto_server` program; the pinned one of {@link ensureTools} when omitted. */
  binary?: string;
  port: number;
  onLine?: (line: string) => void;
  /** Pid file for reaping an orphan of an earlier, killed run. */
  pidFile?: string;
}

/** A running moto server (AWS APIs such as EventBridge and SQS, in memory). */
export interface RunningMoto {
  /** http://127.0.0.1:port, for AWS_ENDPOINT_URL. */
  endpoint: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts `moto_server` on 127.0.0.1 and resolves once it answers HTTP. */
export async function startMoto(options: StartMotoOptions): Promise<RunningMoto> {
  if (options.pidFile) await reapStaleProcess(options.pidFile);
  const server = spawnManaged({
    name: 'moto',
    command: options.binary ?? (await ensureTools({ tools: ['moto'] })).motoServer,
    args: ['-H', '127.0.0.1', '-p', String(options.port)],
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.pidFile ? { pidFile: options.pidFile } : {}),
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntil(() => httpAnswers(`${endpoint}/moto-api/`), {
      what: `moto on port ${options.port}`,
      timeoutMs: 60_000,
      process: server,
    });
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
