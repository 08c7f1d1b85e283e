import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, type ManagedProcess } from './managed-process.js';

/** Options of {@link waitUntil}. */
export interface WaitUntilOptions {
  /** What is awaited, for the timeout message ("Postgres to accept connections"). */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Give up at once when this process exits while we wait. */
  process?: ManagedProcess;
}

/**
 * Polls `probe` until it resolves true. Fails with the process' last output
 * when the process dies first or the time is up, so a broken start explains
 * itself instead of hanging.
 */
export async function waitUntil(probe: () => Promise<boolean>, options: WaitUntilOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  for (;;) {
    if (options.process?.hasExited()) {
      const info = await options.process.exited;
      throw new Error(
        `${options.process.name} ${describeExit(info)} while waiting for ${options.what}\n${options.process.recentOutput()}`,
      );
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      const output = options.process ? `\n${options.process.recentOutput()}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${output}`);
    }
    await sleep(interval);
  }
}

/** True when an HTTP GET of `url` answers with a status accepted by `ok` (default: any). */
export async function httpAnswers(url: string, ok: (status: number) => boolean = () => true): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return ok(response.status);
}
