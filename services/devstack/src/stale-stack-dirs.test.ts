import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnManaged } from './managed-process.js';
import { markStackDirOwner, removeStaleStackDirs, STACK_DIR_PREFIX } from './stale-stack-dirs.js';

/** Running, and not a zombie waiting for its new parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('removeStaleStackDirs', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'clos-stale-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('stops the servers of a stack whose owner died and deletes its folder', async () => {
    const dir = join(parent, `${STACK_DIR_PREFIX}dead`);
    mkdirSync(dir);
    // An owner that no longer runs: pid 2^22 is above Linux' default pid_max.
    writeFileSync(join(dir, 'owner.json'), JSON.stringify({ pid: 4_194_304, script: '/x/stack-cli.ts' }));
    const orphan = spawnManaged({ name: 'orphan', command: 'sleep', args: ['301'], pidFile: join(dir, 'run', 'orphan.pid') });
    expect(alive(orphan.pid)).toBe(true);

    await removeStaleStackDirs(parent);

    expect(existsSync(dir)).toBe(false);
    await orphan.exited;
    expect(alive(orphan.pid)).toBe(false);
  });

  it('leaves the folder of a live owner, a brand-new one, and one a running server still names', async () => {
    const live = join(parent, `${STACK_DIR_PREFIX}live`);
    mkdirSync(live);
    markStackDirOwner(live, process.argv[1]!);
    const fresh = join(parent, `${STACK_DIR_PREFIX}fresh`);
    mkdirSync(fresh);
    const abandoned = join(parent, `${STACK_DIR_PREFIX}abandoned`);
    mkdirSync(abandoned);
    const inUse = join(parent, `${STACK_DIR_PREFIX}in-use`);
    mkdirSync(inUse);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    utimesSync(abandoned, longAgo, longAgo);
    utimesSync(inUse, longAgo, longAgo);
    const server = spawnManaged({ name: 'server', command: 'sh', args: ['-c', 'sleep 300', 'server', inUse] });

    try {
      await removeStaleStackDirs(parent);
    } finally {
      await server.stop();
    }

    expect(existsSync(live)).toBe(true);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(inUse)).toBe(true);
    expect(existsSync(abandoned)).toBe(false);
  });
});
