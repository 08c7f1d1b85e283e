import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-spec.js';

const CLI = fileURLToPath(new URL('./autocannon-cli.ts', import.meta.url));

/** Time a run may take beyond its duration (start-up, the last responses) before it is killed. */
const GRACE_MS = 30_000;

/**
 * Runs autocannon in a separate Node process (same loader flags as this one) so the load
 * generator gets its own event loop and, on a multi-core machine, its own core.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CLI], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), spec.durationSeconds * 1000 + GRACE_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || line === '') {
        reject(new Error(`the load generator for ${spec.url}${spec.path} ended (${signal ?? `code ${code}`}): ${stderr.trim() || 'no output'}`));
        return;
      }
      try {
        resolve(JSON.parse(line) as LoadResult);
      } catch {
        reject(new Error(`the load generator printed an unexpected line: ${line}`));
      }
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
