import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reapStaleProcess, runs } from './stale-process.js';

/** Folder-name prefix of throw-away stacks under the OS temp folder. */
export const STACK_DIR_PREFIX = 'clos-stack-';
const OWNER_FILE = 'owner.json';

/** Records which process owns a throw-away stack folder. */
export function markStackDirOwner(dir: string, script: string): void {
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, script }) + '\n');
}

/**
 * Cleans up after throw-away stacks whose owner is gone. A stack killed
 * without the chance to clean up (SIGKILL) leaves its servers running and
 * its ~80 MB Postgres cluster on disk; test runs would otherwise pile both up.
 * The servers are found through the pid files the stack keeps in `run/`.
 */
export async function removeStaleStackDirs(parent: string): Promise<void> {
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((name) => name.startsWith(STACK_DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of entries) {
    const dir = join(parent, name);
    try {
      if (ownerAlive(dir)) continue;
      const runDir = join(dir, 'run');
      const pidFiles = existsSync(runDir) ? readdirSync(runDir).filter((file) => file.endsWith('.pid')) : [];
      await Promise.all(pidFiles.map((file) => reapStaleProcess(join(runDir, file))));
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run is cleaning it up, or it vanished meanwhile
    }
  }
}

function ownerAlive(dir: string): boolean {
  const ownerFile = join(dir, OWNER_FILE);
  if (!existsSync(ownerFile)) {
    // Just created (owner not written yet), or a stack without an owner file that a server still uses.
    return Date.now() - statSync(dir).mtimeMs < 60_000 || someProcessMentions(dir);
  }
  const owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as { pid?: unknown; script?: unknown };
  return typeof owner.pid === 'number' && typeof owner.script === 'string' && runs(owner.pid, owner.script);
}

/** True when a running process has `text` on its command line (Postgres names its data folder). */
function someProcessMentions(text: string): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    // Without /proc nothing can be ruled out; keep the folder.
    return true;
  }
  return pids.some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}
