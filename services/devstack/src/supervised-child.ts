import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, spawnManaged, type ManagedProcess } from './managed-process.js';

/** Options of {@link superviseChild}. */
export interface SupervisedChildOptions {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Receives the child's output lines. */
  onLine: (line: string) => void;
  /** Receives the supervisor's own notes about the child (crashed, restarting). */
  onEvent: (message: string) => void;
  /** First restart delay; doubles per crash up to maxBackoffMs. Default 500 ms. */
  initialBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
  /** A child that ran this long before crashing restarts at the initial delay again. Default 30 s. */
  stableAfterMs?: number;
}

/** A child process kept running by {@link superviseChild}. */
export interface SupervisedChild {
  readonly name: string;
  /** How many times the child was restarted after a crash. */
  restarts(): number;
  /** The pid of the running child, or `undefined` between a crash and its restart. */
  pid(): number | undefined;
  /** Stops the child and its restarts. */
  stop(): Promise<void>;
}

/**
 * Runs a child process and restarts it whenever it exits on its own, waiting
 * longer after each quick crash (exponential backoff), so a service that
 * cannot start does not spin the CPU while its dependency comes back.
 */
export function superviseChild(options: SupervisedChildOptions): SupervisedChild {
  const initial = options.initialBackoffMs ?? 500;
  const max = options.maxBackoffMs ?? 30_000;
  const stableAfter = options.stableAfterMs ?? 30_000;
  let current: ManagedProcess | undefined;
  let stopping = false;
  let restarts = 0;
  const wake = new AbortController();

  const loop = (async () => {
    let delay = initial;
    while (!stopping) {
      const startedAt = Date.now();
      current = spawnManaged({
        name: options.name,
        command: options.command,
        args: options.args,
        env: options.env,
        cwd: options.cwd,
        onLine: options.onLine,
      });
      const info = await current.exited;
      if (stopping) break;
      if (Date.now() - startedAt >= stableAfter) delay = initial;
      options.onEvent(`${describeExit(info)}; restarting in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay, undefined, { signal: wake.signal }).catch(() => undefined);
      delay = Math.min(delay * 2, max);
      if (!stopping) restarts++;
    }
  })();

  return {
    name: options.name,
    restarts: () => restarts,
    pid: () => (current !== undefined && current.pid > 0 && !current.hasExited() ? current.pid : undefined),
    stop: async () => {
      stopping = true;
      wake.abort();
      await current?.stop();
      await loop;
    },
  };
}
