import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

/** How a managed process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (e.g. not found). */
  error?: Error;
}

/** Options of {@link spawnManaged}. */
export interface ManagedProcessOptions {
  /** Short name used in log prefixes and error messages. */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this OS user (root only; Postgres refuses to run as root). */
  uid?: number;
  gid?: number;
  /** Receives every line the program writes to stdout or stderr. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** The signal that asks the program to shut down cleanly. Default SIGTERM. */
  stopSignal?: NodeJS.Signals;
  /**
   * Send the stop signal to the whole process group (default) or only to the
   * leader. Postgres wants it on the postmaster alone: the postmaster then
   * shuts its backends down in order.
   */
  signalGroup?: boolean;
  /** How long a clean shutdown may take before the group is killed. Default 10 s. */
  stopTimeoutMs?: number;
  /** Where to record the pid, so a later start can reap an orphan (see reapStaleProcess). */
  pidFile?: string;
}

/** A child program running in its own process group. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Settles when the program has exited. */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  /** The last lines of output, for error messages. */
  recentOutput(): string;
  /** Asks for a clean shutdown, kills the group after the timeout, and waits for the exit. */
  stop(): Promise<ExitInfo>;
}

const RECENT_LINES = 40;

/**
 * Starts a program in a process group of its own (`detached`), so that one
 * signal reaches it and everything it spawned, and a Ctrl-C aimed at our
 * terminal does not hit it before we have stopped what depends on it.
 */
export function spawnManaged(options: ManagedProcessOptions): ManagedProcess {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
  const recent: string[] = [];
  let done = false;

  const record = (stream: 'stdout' | 'stderr') => (line: string) => {
    recent.push(line);
    if (recent.length > RECENT_LINES) recent.shift();
    options.onLine?.(line, stream);
  };
  if (child.stdout) createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', record('stdout'));
  if (child.stderr) createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', record('stderr'));

  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      // 'error' without a pid means the program never started; 'exit' will not follow.
      if (child.pid === undefined) {
        done = true;
        resolve({ code: null, signal: null, error });
      }
    });
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });

  const pid = child.pid ?? -1;
  if (options.pidFile && pid > 0) {
    mkdirSync(dirname(options.pidFile), { recursive: true });
    writeFileSync(options.pidFile, JSON.stringify({ pid, command: options.command, args: options.args }) + '\n');
    const pidFile = options.pidFile;
    void exited.then(() => rmSync(pidFile, { force: true }));
  }

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (!done) {
        signal(pid, options.stopSignal ?? 'SIGTERM', options.signalGroup ?? true);
        const timeoutMs = options.stopTimeoutMs ?? 10_000;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        const outcome = await Promise.race([exited, timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') signal(pid, 'SIGKILL', true);
      }
      const info = await exited;
      // Sweep anything the leader left behind in its group.
      signal(pid, 'SIGKILL', true);
      return info;
    })();
    return stopping;
  };

  return {
    name: options.name,
    pid,
    exited,
    hasExited: () => done,
    recentOutput: () => recent.join('\n'),
    stop,
  };
}

/** Signals a process or its whole group, ignoring one that is already gone. */
function signal(pid: number, sig: NodeJS.Signals, group: boolean): void {
  if (pid <= 0) return;
  try {
    process.kill(group ? -pid : pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Describes an exit for humans: "exited with code 1", "killed by SIGKILL". */
export function describeExit(info: ExitInfo): string {
  if (info.error) return `could not start: ${info.error.message}`;
  if (info.signal) return `killed by ${info.signal}`;
  return `exited with code ${String(info.code)}`;
}
