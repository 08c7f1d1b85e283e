import { parseClosConfig, type ClosConfig } from '@clos/domain';
import { appendAudit } from '../audit/append-audit.js';
import { withTransaction, type Queryable } from '../db/pool.js';
import { syncConfigInTransaction } from '../db/sync-config.js';
import type pg from 'pg';
import { canonicalJson, sha256 } from './canonical-json.js';
import { diffPolicy, type PolicyChange } from './policy-diff.js';

/** Where a policy version came from. */
export type PolicySource = 'file' | 'push' | 'api';

/** One version of the policy, as the database holds it. */
export interface PolicyVersion {
  version: number;
  config: ClosConfig;
  source: PolicySource;
  actor: string;
  reason: string | null;
  commitSha: string | null;
  createdAt: Date;
}

/** A new policy offered for publication. */
export interface PublishPolicyInput {
  config: ClosConfig;
  source: PolicySource;
  /** Who changed it: `clos.yml` for the file, `github:<login>` or `push` for a push, `token:<id>` through the api. */
  actor: string;
  reason?: string;
  /** For `file`: the file's text, recognised on the next boot so the same file is not published twice. */
  fileText?: string;
  /** For `push`: the commit and when it was pushed; an older push than the one in force is refused. */
  commitSha?: string;
  pushedAt?: string;
  correlationId?: string;
  sourceIp?: string;
}

/** What a publication did. */
export type PublishOutcome =
  /** A new version is in force. */
  | { status: 'published'; version: number; previous: number | null; diff: PolicyChange[] }
  /** Nothing to do: the policy in force already says this (or this file was published before). */
  | { status: 'unchanged'; version: number }
  /** A newer push is already in force; this one is skipped. */
  | { status: 'stale'; version: number };

interface VersionRow {
  version: string;
  config: unknown;
  source: PolicySource;
  actor: string;
  reason: string | null;
  commit_sha: string | null;
  created_at: Date;
}

const COLUMNS = 'version, config, source, actor, reason, commit_sha, created_at';

/** The version in force (the highest), or `undefined` when none was ever published. */
export async function readLatestPolicy(db: Queryable): Promise<PolicyVersion | undefined> {
  const { rows } = await db.query<VersionRow>(`SELECT ${COLUMNS} FROM policy_versions ORDER BY version DESC LIMIT 1`);
  return rows[0] === undefined ? undefined : toVersion(rows[0]);
}

/** The number of the version in force; 0 when none was published. */
export async function readLatestPolicyNumber(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ version: string | null }>('SELECT max(version) AS version FROM policy_versions');
  return Number(rows[0]?.version ?? 0);
}

function toVersion(row: VersionRow): PolicyVersion {
  const version = Number(row.version);
  return {
    version,
    // Validated again on the way in: a row written by an older release must still satisfy today's schema.
    config: parseClosConfig(JSON.stringify(row.config), `policy version ${version}`),
    source: row.source,
    actor: row.actor,
    reason: row.reason,
    commitSha: row.commit_sha,
    createdAt: row.created_at,
  };
}

/**
 * Makes `config` the policy in force: a new version row, the relational mirror (pods,
 * people, memberships, repos, templates, projects) and a `policy.change` audit entry
 * carrying the version and the diff, in one transaction. Every process following the
 * policy is told through NOTIFY once it commits. Serialised by an advisory lock, so two
 * publications never take the same number.
 */
export async function publishPolicy(pool: pg.Pool, input: PublishPolicyInput): Promise<PublishOutcome> {
  const configHash = sha256(canonicalJson(input.config));
  const fileHash = input.fileText !== undefined ? sha256(input.fileText) : null;
  return withTransaction(pool, async (db) => {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('clos.policy_versions'))`);
    const latest = await db.query<VersionRow & { config_hash: string }>(
      `SELECT ${COLUMNS}, config_hash FROM policy_versions ORDER BY version DESC LIMIT 1`,
    );
    const current = latest.rows[0];
    const currentVersion = current === undefined ? 0 : Number(current.version);

    if (fileHash !== null && current !== undefined) {
      const seen = await db.query('SELECT 1 FROM policy_versions WHERE file_hash = $1 LIMIT 1', [fileHash]);
      if (seen.rowCount !== 0) return { status: 'unchanged', version: currentVersion };
    }
    if (input.pushedAt !== undefined && current !== undefined) {
      const newer = await db.query('SELECT 1 FROM policy_versions WHERE pushed_at > $1 LIMIT 1', [input.pushedAt]);
      if (newer.rowCount !== 0) return { status: 'stale', version: currentVersion };
    }
    if (current?.config_hash === configHash) return { status: 'unchanged', version: currentVersion };

    const version = currentVersion + 1;
    const diff = diffPolicy(current?.config ?? {}, JSON.parse(canonicalJson(input.config)));
    await db.query(
      `INSERT INTO policy_versions (version, config, config_hash, source, file_hash, commit_sha, pushed_at, actor, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        version,
        canonicalJson(input.config),
        configHash,
        input.source,
        fileHash,
        input.commitSha ?? null,
        input.pushedAt ?? null,
        input.actor,
        input.reason ?? null,
      ],
    );
    await syncConfigInTransaction(db, input.config);
    await appendAudit(db, {
      actor: input.actor,
      action: 'policy.change',
      target: `policy:${version}`,
      details: {
        version,
        previous: current === undefined ? null : currentVersion,
        source: input.source,
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        ...(input.commitSha !== undefined ? { commitSha: input.commitSha } : {}),
        ...(input.correlationId !== undefined ? { correlationId: input.correlationId } : {}),
        diff,
      },
      ...(input.sourceIp !== undefined ? { sourceIp: input.sourceIp } : {}),
    });
    return { status: 'published', version, previous: current === undefined ? null : currentVersion, diff };
  });
}

/** One version by number, or `undefined` when there is no such version. */
export async function readPolicyVersion(db: Queryable, version: number): Promise<PolicyVersion | undefined> {
  const { rows } = await db.query<VersionRow>(`SELECT ${COLUMNS} FROM policy_versions WHERE version = $1`, [version]);
  return rows[0] === undefined ? undefined : toVersion(rows[0]);
}
