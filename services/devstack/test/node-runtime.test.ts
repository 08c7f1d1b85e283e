import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('scripts/lib/node-runtime.mjs --bin-dir', () => {
  it('answers on stdout the folder of the Node that .nvmrc names, and nothing else', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/lib/node-runtime.mjs'), '--bin-dir'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const node = join(lines[0]!, process.platform === 'win32' ? 'node.exe' : 'node');
    expect(existsSync(node)).toBe(true);
    const pinned = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(version.split('.')[0]).toBe(`v${pinned.split('.')[0]}`);
  });
});
