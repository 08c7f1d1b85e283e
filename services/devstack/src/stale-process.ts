import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Stops a process left running by an earlier start that was killed without a
 * chance to clean up (SIGKILL, a crash of the machine's terminal). Such an
 * orphan still holds the data folder (Postgres' postmaster.pid, dynalite's
 * LevelDB lock), and the next start would fail on it.
 *
 * The pid file is trusted only while the process behind the pid still runs
 * the recorded program, so a recycled pid is never signalled.
 */
export async function reapStaleProcess(pidFile: string): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  let recorded: { pid?: unknown; command?: unknown; args?: unknown };
  try {
    recorded = JSON.parse(readFileSync(pidFile, 'utf8')) as typeof recorded;
  } catch {
    rmSync(pidFile, { force: true });
    return false;
  }
  const { pid, command } = recorded;
  const args = Array.isArray(recorded.args) ? recorded.args.map(String) : [];
  if (typeof pid !== 'number' || typeof command !== 'string' || !runs(pid, command, args)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  kill(-pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && alive(pid); waited += 100) await sleep(100);
  kill(-pid, 'SIGKILL');
  rmSync(pidFile, { force: true });
  return true;
}

/**
 * True when process `pid` is alive and runs `command` with `args` (matched
 * on its command line: the program's file name, then the arguments in
 * order), so a recycled pid is never mistaken for ours.
 */
export function runs(pid: number, command: string, args: readonly string[] = []): boolean {
  if (!alive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(basename(command)) && (args.length === 0 || cmdline.includes(args.join('\0')));
  } catch {
    // Without /proc the pid cannot be matched to its program; leave it alone.
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function kill(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch {
    // already gone
  }
}
