import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runs } from './stale-process.js';

/**
 * Claims the data folder for this supervisor. A second `npm run up` on the
 * same folder would otherwise take the first one's servers for orphans and
 * stop them. Returns a release function.
 */
export function claimDataDir(lockFile: string, dataDir: string, script: string): () => void {
  if (existsSync(lockFile)) {
    try {
      const held = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown; script?: unknown };
      if (
        typeof held.pid === 'number' &&
        typeof held.script === 'string' &&
        held.pid !== process.pid &&
        runs(held.pid, held.script)
      ) {
        throw new Error(`another \`npm run up\` (pid ${held.pid}) is running on ${dataDir}; stop it first`);
      }
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  mkdirSync(dirname(lockFile), { recursive: true });
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid, script }) + '\n');
  return () => rmSync(lockFile, { force: true });
}
