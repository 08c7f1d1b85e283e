import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { withDirLock } from './dir-lock.js';

const run = promisify(execFile);

/** Where Debian's `chromium` package puts the browser the dashboard tests drive. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The Chromium the dashboard tests and benchmark drive (through playwright-core). Installs
 * Debian's `chromium` package when it is missing and this process may (root with apt-get);
 * otherwise fails saying how to install it.
 */
export async function ensureChromium(log: (line: string) => void = () => undefined): Promise<string> {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(`${CHROMIUM_PATH} is missing: install it (Debian/Ubuntu: sudo apt-get install -y chromium)`);
  }
  // Two test processes may ask at once; apt holds its own lock but would fail, not wait.
  await withDirLock('/tmp/clos-chromium-install.lock', async () => {
    if (existsSync(CHROMIUM_PATH)) return;
    log('installing chromium (apt-get install chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env, maxBuffer: 64 * 1024 * 1024 });
  });
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get install chromium did not provide ${CHROMIUM_PATH}`);
  return CHROMIUM_PATH;
}
