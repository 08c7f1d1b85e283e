import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, spawnManaged } from './managed-process.js';

/** Running, and not a zombie waiting for its new parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function firstLine(lines: string[]): Promise<string> {
  for (let i = 0; i < 100 && lines.length === 0; i++) await sleep(20);
  return lines[0] ?? '';
}

describe('spawnManaged', () => {
  it('stops the program and everything it spawned', async () => {
    const lines: string[] = [];
    const managed = spawnManaged({
      name: 'tree',
      command: 'sh',
      args: ['-c', 'sleep 300 & echo $!; wait'],
      onLine: (line) => lines.push(line),
    });
    const grandchild = Number(await firstLine(lines));
    expect(alive(grandchild)).toBe(true);

    const info = await managed.stop();

    expect(info.signal).toBe('SIGTERM');
    expect(managed.hasExited()).toBe(true);
    for (let i = 0; i < 50 && alive(grandchild); i++) await sleep(20);
    expect(alive(grandchild)).toBe(false);
  });

  it('kills a program that ignores the stop signal once the timeout passes', async () => {
    const lines: string[] = [];
    const managed = spawnManaged({
      name: 'stubborn',
      command: 'sh',
      args: ['-c', "trap '' TERM; echo ready; while :; do sleep 1; done"],
      stopTimeoutMs: 300,
      onLine: (line) => lines.push(line),
    });
    await firstLine(lines);
    const started = Date.now();

    const info = await managed.stop();

    expect(info.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('reports a program that cannot start', async () => {
    const managed = spawnManaged({ name: 'missing', command: '/nonexistent/program', args: [] });
    const info = await managed.exited;
    expect(describeExit(info)).toMatch(/^could not start: .*ENOENT/);
    await expect(managed.stop()).resolves.toBe(info);
  });

  it('keeps the last lines of output for error messages', async () => {
    const managed = spawnManaged({ name: 'talker', command: 'sh', args: ['-c', 'for i in $(seq 1 100); do echo line $i; done'] });
    await managed.exited;
    await sleep(50);
    const recent = managed.recentOutput().split('\n');
    expect(recent).toHaveLength(40);
    expect(recent.at(-1)).toBe('line 100');
  });
});
