import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether node_modules matches package-lock.json: 'missing' (fresh clone),
 * 'stale' (the lock changed since the last install, e.g. after a pull) or
 * 'fresh'. Compares the lock with npm's own record of what it installed
 * (node_modules/.package-lock.json), package by package.
 */
export function nodeModulesState(repoRoot) {
  const installedFile = join(repoRoot, 'node_modules', '.package-lock.json');
  if (!existsSync(installedFile)) return 'missing';
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(installedFile, 'utf8')).packages ?? {};
  for (const [path, entry] of Object.entries(lock)) {
    if (!path.startsWith('node_modules/')) continue;
    const have = installed[path];
    // Optional packages for other platforms (e.g. darwin binaries) are never installed here.
    if (!have) {
      if (entry.optional) continue;
      return 'stale';
    }
    if (have.version !== entry.version) return 'stale';
  }
  return 'fresh';
}

/** Installs the npm dependencies when they are missing or stale; no-op otherwise. */
export function ensureNodeModules(repoRoot) {
  const state = nodeModulesState(repoRoot);
  if (state === 'fresh') return;
  // `npm install` with a lock installs the locked versions. Not `npm ci`: it refuses a lock that
  // lacks other platforms' optional binaries, which registries that do not serve them leave out.
  const args = ['install'];
  console.error(`node_modules is ${state}: running npm ${args.join(' ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, [...args, '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm ${args[0]} failed`);
    process.exit(result.status ?? 1);
  }
}
