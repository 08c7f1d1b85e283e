import { mkdirSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock older than this is taken to be left over by a killed holder. */
const STALE_AFTER_MS = 15 * 60_000;

/**
 * Runs `work` while holding a lock folder (mkdir is atomic), so two processes
 * installing into the same place — two test runs on a fresh clone — take
 * turns instead of corrupting each other.
 */
export async function withDirLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isStale(lockDir: string): boolean {
  try {
    return Date.now() - statSync(lockDir).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false;
  }
}
