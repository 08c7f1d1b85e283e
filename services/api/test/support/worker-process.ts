import { spawn, type ChildProcess } from 'node:child_process';
import { closServiceArgs, SERVICE_STARTED_LINE } from '@clos/devstack';

/** A worker running in a process of its own, so a test can kill it for real. */
export interface WorkerProcess {
  /** Resolves once the worker polls its task queue. */
  ready: Promise<void>;
  /** Resolves with the exit signal or code. */
  exited: Promise<string>;
  kill(signal: NodeJS.Signals): void;
  output(): string;
}

/** Starts the real worker entry point, as `npm run up` runs it, with `env` on top of this process's environment. */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, closServiceArgs('worker'), {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (SERVICE_STARTED_LINE.test(output)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited before it was ready (${signal ?? code})\n${output}`)));
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
  // A test failing early must not leave an unhandled rejection behind.
  ready.catch(() => undefined);
  return { ready, exited, kill: (signal) => child.kill(signal), output: () => output };
}
