import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What `clos login` stores: the api and the token to call it with. */
export interface StoredCredentials {
  apiUrl: string;
  token: string;
}

/** `~/.config/clos`, unless the caller names another folder (tests do). */
export function defaultConfigDir(): string {
  return join(homedir(), '.config', 'clos');
}

const file = (dir: string) => join(dir, 'credentials');

/** The stored login, or undefined when there is none (or it is unreadable). */
export async function readCredentials(dir: string): Promise<StoredCredentials | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file(dir), 'utf8')) as Partial<StoredCredentials>;
    return typeof parsed.apiUrl === 'string' && typeof parsed.token === 'string' ? { apiUrl: parsed.apiUrl, token: parsed.token } : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the login readable by its owner only (0600, folder 0700): it is a bearer secret. */
export async function writeCredentials(dir: string, credentials: StoredCredentials): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(file(dir), `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  // writeFile keeps the mode of a file that already existed.
  await chmod(file(dir), 0o600);
  return file(dir);
}

/** Forgets the stored login. */
export async function removeCredentials(dir: string): Promise<void> {
  await rm(file(dir), { force: true });
}
