import { spawn } from 'node:child_process';

/**
 * Runs `node <args>` with this terminal, passes SIGINT/SIGTERM/SIGHUP on to
 * it, and ends this process with the child's exit status (128 + signal number
 * when it was killed by a signal).
 */
export function runNode(args, options = {}) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', ...options });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    const signals = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
    process.exit(code ?? 128 + (signals[signal] ?? 1));
  });
}
