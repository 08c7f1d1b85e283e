import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { withDirLock } from './dir-lock.js';

/** What the dashboard export is built from: a change to any of these rebuilds it. */
const SOURCES = ['src', 'public', 'next.config.mjs', 'package.json', 'tsconfig.json'];

/** Written into the export: the hash of the sources it was built from. */
const STAMP = '.source-hash';

/** Options of {@link ensureDashboardBuild}. */
export interface DashboardBuildOptions {
  repoRoot: string;
  /** Progress lines (a build takes about a minute). */
  log?: (line: string) => void;
}

/** Where the built export is, and whether this call built it. */
export interface DashboardBuild {
  outDir: string;
  built: boolean;
}

/**
 * Builds the dashboard's static export (apps/dashboard/out) when it is missing or was built
 * from other sources than the ones in the tree (a hash of them is kept in the export), so
 * `npm run up` and the tests always serve the current dashboard without rebuilding it
 * every time. Two processes asking at once take turns.
 */
export async function ensureDashboardBuild(options: DashboardBuildOptions): Promise<DashboardBuild> {
  const appDir = join(options.repoRoot, 'apps', 'dashboard');
  const outDir = join(appDir, 'out');
  return withDirLock(join(appDir, '.build-lock'), async () => {
    const hash = hashSources(appDir);
    if (readStamp(outDir) === hash) return { outDir, built: false };
    options.log?.('building the dashboard (apps/dashboard/out)');
    await runBuild(options.repoRoot, options.log);
    if (!existsSync(join(outDir, 'index.html'))) throw new Error(`the dashboard build finished without ${join(outDir, 'index.html')}`);
    // Hashed again: `next build` may add settings to tsconfig.json the first time.
    writeFileSync(join(outDir, STAMP), `${hashSources(appDir)}\n`);
    return { outDir, built: true };
  });
}

/** A hash of every source file of the dashboard: paths and contents. */
export function hashSources(appDir: string): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (path: string): void => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    } else {
      files.push(path);
    }
  };
  for (const source of SOURCES) walk(join(appDir, source));
  for (const file of files) {
    hash.update(relative(appDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function readStamp(outDir: string): string | undefined {
  try {
    return readFileSync(join(outDir, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function runBuild(repoRoot: string, log?: (line: string) => void): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve, reject) => {
    const child = spawn(npm, ['run', 'build', '--workspace', '@clos/dashboard'], {
      cwd: repoRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const collect = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) {
        log?.('dashboard built');
        resolve();
      } else {
        reject(new Error(`the dashboard build failed (${signal ?? `exit code ${code}`}):\n${output.join('').slice(-4000)}`));
      }
    });
  });
}
