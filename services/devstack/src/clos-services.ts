import { join } from 'node:path';
import { findRepoRoot } from './repo-root.js';
import { superviseChild, type SupervisedChild } from './supervised-child.js';
import { httpAnswers, waitUntil } from './wait-until.js';

/** The CLOS services and the TypeScript entry point each runs from. */
export const CLOS_SERVICE_ENTRIES = {
  api: 'services/api/src/main.ts',
  processor: 'services/processor/src/main.ts',
  worker: 'workflows/src/worker-main.ts',
} as const;

/** One of the CLOS services. */
export type ClosServiceKind = keyof typeof CLOS_SERVICE_ENTRIES;

/** Node arguments that run a service from its sources (tsx, the `@clos/source` export condition). */
export function closServiceArgs(kind: ClosServiceKind, repoRoot: string = findRepoRoot()): string[] {
  return ['--conditions=@clos/source', '--import', 'tsx', join(repoRoot, CLOS_SERVICE_ENTRIES[kind])];
}

/** The line the processor and the worker log once they consume (seen at LOG_LEVEL info and below). */
export const SERVICE_STARTED_LINE = /"msg":"started"/;

/** One process of {@link startClosServices}: a name of its own and the service it runs. */
export interface ClosServiceSpec {
  name: string;
  kind: ClosServiceKind;
  /** On top of the common environment. */
  env?: NodeJS.ProcessEnv;
}

/** Options of {@link startClosServices}. */
export interface ClosServicesOptions {
  services: readonly ClosServiceSpec[];
  /** The environment every service gets (validated by each at boot). */
  env: NodeJS.ProcessEnv;
  /** Default: the repository root. */
  cwd?: string;
  /** The services' own output, line by line. */
  onLine?: (service: string, line: string) => void;
  /** The supervisor's notes (crashed, restarting). */
  onEvent?: (service: string, message: string) => void;
  /** Restart backoff of each supervisor (see {@link superviseChild}). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** The services running as supervised OS processes. */
export interface ClosServices {
  /**
   * SIGKILLs a service's whole process group, as a lost task would die, and resolves once it
   * is gone. Its supervisor restarts it unless `restart` is false.
   */
  kill(name: string, options?: { restart?: boolean }): Promise<void>;
  /**
   * Resolves once the service's current process is ready: the api answers 200 on /healthz,
   * the processor and the worker logged that they started (needs LOG_LEVEL info or lower).
   */
  ready(name: string, timeoutMs: number): Promise<void>;
  /** The pid of the service's running process, `undefined` while it is down. */
  pid(name: string): number | undefined;
  /** Restarts of each service so far. */
  restarts(): Record<string, number>;
  /** Stops every service (SIGTERM, then SIGKILL after the grace time). */
  stop(): Promise<void>;
}

const RECENT_LINES = 40;

/** A supervised service and what its output told us. */
interface RunningService {
  spec: ClosServiceSpec;
  env: NodeJS.ProcessEnv;
  child: SupervisedChild;
  /** The pid of the process that logged it started. */
  readyPid: number | undefined;
  recent: string[];
}

/**
 * Runs CLOS services from their own entry points as separate OS processes, each under a
 * supervisor that restarts it when it dies — the topology `npm run up` and ECS run, not one
 * process wiring the parts together. Several processes may run the same service (two
 * processors sharing a queue).
 */
export function startClosServices(options: ClosServicesOptions): ClosServices {
  const repoRoot = findRepoRoot();
  const running = new Map<string, RunningService>();
  for (const spec of options.services) {
    if (running.has(spec.name)) throw new Error(`two services named ${spec.name}`);
    const env = { ...options.env, ...spec.env };
    const state: Omit<RunningService, 'child'> = { spec, env, readyPid: undefined, recent: [] };
    // Output arrives once the child runs, by when `child` is set.
    const child: SupervisedChild = superviseChild({
      name: spec.name,
      command: process.execPath,
      args: closServiceArgs(spec.kind, repoRoot),
      env,
      cwd: options.cwd ?? repoRoot,
      onLine: (line) => {
        state.recent.push(line);
        if (state.recent.length > RECENT_LINES) state.recent.shift();
        if (SERVICE_STARTED_LINE.test(line)) state.readyPid = child.pid();
        options.onLine?.(spec.name, line);
      },
      onEvent: (message) => options.onEvent?.(spec.name, message),
      ...(options.initialBackoffMs !== undefined ? { initialBackoffMs: options.initialBackoffMs } : {}),
      ...(options.maxBackoffMs !== undefined ? { maxBackoffMs: options.maxBackoffMs } : {}),
    });
    running.set(spec.name, Object.assign(state, { child }));
  }
  const get = (name: string) => {
    const entry = running.get(name);
    if (entry === undefined) throw new Error(`no service named ${name}`);
    return entry;
  };

  return {
    async kill(name, killOptions = {}) {
      const { child } = get(name);
      const pid = child.pid();
      if (pid === undefined) throw new Error(`${name} is not running`);
      // The service runs in a process group of its own: kill it whole.
      process.kill(-pid, 'SIGKILL');
      // Stopped before the exit is noticed, the supervisor does not start it again.
      const stopped = killOptions.restart === false ? child.stop() : undefined;
      await waitUntil(async () => child.pid() !== pid, { what: `${name} (pid ${pid}) to exit`, timeoutMs: 10_000, intervalMs: 20 });
      await stopped;
    },
    async ready(name, timeoutMs) {
      const entry = get(name);
      const apiUrl = `http://127.0.0.1:${entry.env.PORT ?? '8080'}/healthz`;
      await waitUntil(
        async () => {
          const pid = entry.child.pid();
          if (pid === undefined) return false;
          if (entry.spec.kind === 'api') return httpAnswers(apiUrl, (status) => status === 200);
          return entry.readyPid === pid;
        },
        { what: `${name} to be ready`, timeoutMs, intervalMs: 100 },
      ).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}; its last lines:\n${entry.recent.join('\n')}`);
      });
    },
    pid: (name) => get(name).child.pid(),
    restarts: () => Object.fromEntries([...running].map(([name, entry]) => [name, entry.child.restarts()])),
    async stop() {
      await Promise.allSettled([...running.values()].map((entry) => entry.child.stop()));
    },
  };
}
