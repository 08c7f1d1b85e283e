import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools, findOnPath, PINNED_TOOLS, toolPaths } from './ensure-tools.js';

describe('ensureTools', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'clos-tools-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('costs nothing when the stamp says the pinned tools are installed', async () => {
    const paths = toolPaths(root);
    mkdirSync(paths.venvDir, { recursive: true });
    writeFileSync(join(paths.venvDir, 'clos-tools.json'), JSON.stringify({ installed: Object.values(PINNED_TOOLS) }));
    const logged: string[] = [];

    // A python that does not exist proves nothing is installed.
    const result = await ensureTools({ repoRoot: root, python: '/nonexistent/python3', log: (l) => logged.push(l) });

    expect(result).toEqual(paths);
    expect(result.temporal).toBe(join(root, '.tools', 'venv', 'bin', 'temporal'));
    expect(logged).toEqual([]);
  });

  it('installs what the stamp lacks (and fails clearly without a Python)', async () => {
    await expect(ensureTools({ repoRoot: root, tools: ['moto'], python: '/nonexistent/python3' })).rejects.toThrow(
      /ENOENT/,
    );
  });
});

describe('findOnPath', () => {
  it('finds an executable on the PATH and ignores missing ones', () => {
    expect(findOnPath('sh', '/nonexistent:/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(findOnPath('no-such-program-here', '/bin:/usr/bin')).toBeUndefined();
    expect(findOnPath('sh', undefined)).toBeUndefined();
  });
});
