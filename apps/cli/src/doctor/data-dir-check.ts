import type { CheckResult } from './doctor-check.js';

/** What was found in the data folder (`CLOS_DATA_DIR`, default `.clos/`). */
export interface DataDirFacts {
  dataDir: string;
  exists: boolean;
  writable: boolean;
  /** `run/supervisor.json`: the pid of the `npm run up` that claimed the folder, and whether it still runs. */
  supervisor?: { pid: number; running: boolean };
  /** `secrets.json`: absent, readable, or unreadable (with why). */
  secrets: 'absent' | 'ok' | { unreadable: string };
  /** `postgres/PG_VERSION`, when there is a cluster. */
  postgresMajor?: number;
  /** Major version of the embedded Postgres binaries installed. */
  embeddedPostgresMajor?: number;
  /** Free bytes on the folder's file system. */
  freeBytes?: number;
}

const MIN_FREE_BYTES = 1024 ** 3;

/**
 * The local data folder: present and writable, not held by a dead `npm run up`, its secrets
 * readable, its Postgres cluster of the version the embedded binaries run, room on disk.
 */
export function checkDataDir(facts: DataDirFacts): CheckResult[] {
  const dir = facts.dataDir;
  if (!facts.exists) return [{ check: 'data', status: 'ok', detail: `${dir} does not exist yet; \`npm run up\` creates it` }];
  const results: CheckResult[] = [];
  if (!facts.writable) {
    results.push({ check: 'data', status: 'fail', detail: `${dir} is not writable by this user`, fix: `Give yourself write access (chown -R "$(id -un)" ${dir}) or point CLOS_DATA_DIR elsewhere.` });
  }
  if (facts.secrets !== 'absent' && facts.secrets !== 'ok') {
    results.push({
      check: 'data',
      status: 'fail',
      detail: `${dir}/secrets.json cannot be read: ${facts.secrets.unreadable}`,
      fix: `Restore it from a copy; only if the local data can go, delete the whole folder (rm -rf ${dir}) and start again.`,
    });
  }
  if (facts.postgresMajor !== undefined && facts.embeddedPostgresMajor !== undefined && facts.postgresMajor !== facts.embeddedPostgresMajor) {
    results.push({
      check: 'data',
      status: 'fail',
      detail: `${dir}/postgres is a Postgres ${facts.postgresMajor} cluster; the embedded server is Postgres ${facts.embeddedPostgresMajor}`,
      fix: `Local data of an older version: move it aside (mv ${dir} ${dir}.old) and run \`npm run up\` for a fresh one.`,
    });
  }
  if (facts.supervisor !== undefined && !facts.supervisor.running) {
    results.push({
      check: 'data',
      status: 'warn',
      detail: `${dir} was last claimed by \`npm run up\` pid ${facts.supervisor.pid}, which is gone (it was killed)`,
      fix: 'Nothing to do: the next `npm run up` stops what it left running and takes the folder over.',
    });
  }
  if (facts.freeBytes !== undefined && facts.freeBytes < MIN_FREE_BYTES) {
    results.push({
      check: 'data',
      status: 'warn',
      detail: `only ${(facts.freeBytes / 1024 ** 2).toFixed(0)} MB free where ${dir} lives`,
      fix: 'Free some disk space; Postgres and Temporal stop writing when the disk is full.',
    });
  }
  if (results.length === 0) {
    const held = facts.supervisor?.running === true ? `, in use by \`npm run up\` pid ${facts.supervisor.pid}` : '';
    results.push({ check: 'data', status: 'ok', detail: `${dir} is usable${held}` });
  }
  return results;
}
