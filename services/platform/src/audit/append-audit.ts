import { isIP } from 'node:net';
import { invalidInput } from '@clos/domain';
import type { Queryable } from '../db/pool.js';

/** What an audit entry records; the database stamps the time and the hash chain. */
export interface AuditInput {
  /** Who acted: a person id, `token:<id>`, or `system`. */
  actor: string;
  /** What was done, dotted: `stage.override`, `wip.expedite`, `token.create`. */
  action: string;
  /** What it was done to: `pod:payments`, `project:checkout-v2`, `gh:acme/api#12`. */
  target?: string;
  details?: Record<string, unknown>;
  /** The client's address when the action came over HTTP. */
  sourceIp?: string;
}

/** An appended audit entry. */
export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  sourceIp: string | null;
  prevHash: string;
  hash: string;
}

/** A row whose stored hashes disagree with its content or its predecessor. */
export interface AuditChainProblem {
  id: string;
  problem: string;
  expectedHash: string;
  storedHash: string;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  source_ip: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * Appends an entry to the audit log. The table is append-only in the
 * database itself (UPDATE, DELETE and TRUNCATE raise) and each entry is
 * chained by hash to the one before; pass a transaction's client to record
 * the entry atomically with the change it describes.
 */
export async function appendAudit(db: Queryable, input: AuditInput): Promise<AuditEntry> {
  if (!input.actor) throw invalidInput('audit entry: actor must not be empty');
  if (!input.action) throw invalidInput('audit entry: action must not be empty');
  if (input.sourceIp !== undefined && isIP(input.sourceIp) === 0) {
    throw invalidInput(`audit entry: sourceIp must be an IPv4 or IPv6 address`, { sourceIp: input.sourceIp });
  }
  const { rows } = await db.query<AuditRow>(
    `INSERT INTO audit_log (actor, action, target, details, source_ip)
     VALUES ($1, $2, $3, $4, $5)
     RETURNING id, at, actor, action, target, details, host(source_ip) AS source_ip, prev_hash, hash`,
    [input.actor, input.action, input.target ?? null, JSON.stringify(input.details ?? {}), input.sourceIp ?? null],
  );
  const row = rows[0]!;
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    sourceIp: row.source_ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Recomputes the audit log's hash chain in the database and returns every
 * row that does not match; an empty list means no entry was changed or
 * removed from the middle of the log.
 */
export async function verifyAuditChain(db: Queryable): Promise<AuditChainProblem[]> {
  const { rows } = await db.query<{ id: string; problem: string; expected_hash: string; stored_hash: string }>(
    'SELECT id, problem, expected_hash, stored_hash FROM verify_audit_chain()',
  );
  return rows.map((r) => ({ id: r.id, problem: r.problem, expectedHash: r.expected_hash, storedHash: r.stored_hash }));
}
