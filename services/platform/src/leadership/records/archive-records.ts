import { createHash } from 'node:crypto';
import { conflict, forbidden, invalidInput } from '@clos/domain';
import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import { fieldContext, LEADERSHIP_TABLE_NAMES, LEADERSHIP_TABLES, type LeadershipTable } from './leadership-tables.js';

/** One person's leadership record in plain text, table by table: what export and backup carry. */
export type LeadershipArchive = Record<LeadershipTable, Record<string, unknown>[]>;

/** Row count and SHA-256 of each table's plain-text rows: what proves a restore complete. */
export type ArchiveDigest = Record<LeadershipTable, { rows: number; sha256: string }>;

/** `*_enc` → the plain field's name in an archive. */
const plainName = (column: string) => column.replace(/_enc$/, '');

/**
 * Reads every row of one person as JSON (Postgres' own rendering, so reading the same rows
 * again gives the same bytes), with the encrypted columns opened under their plain names.
 */
export async function exportArchive(db: Queryable, cipher: FieldCipher, personId: string): Promise<LeadershipArchive> {
  const archive = {} as LeadershipArchive;
  for (const table of LEADERSHIP_TABLE_NAMES) {
    const { rows } = await db.query<{ r: Record<string, unknown> }>(`SELECT row_to_json(t) AS r FROM ${table} t WHERE person_id = $1 ORDER BY id`, [personId]);
    archive[table] = rows.map(({ r }) => {
      const row: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(r)) {
        if ((LEADERSHIP_TABLES[table] as readonly string[]).includes(column)) {
          row[plainName(column)] = value === null ? null : cipher.decrypt(value as string, fieldContext(table, column, personId));
        } else {
          row[column] = value;
        }
      }
      return row;
    });
  }
  return archive;
}

/** The digest of an archive: rows and a hash per table. */
export function digestOf(archive: LeadershipArchive): ArchiveDigest {
  const digest = {} as ArchiveDigest;
  for (const table of LEADERSHIP_TABLE_NAMES) {
    const rows = archive[table] ?? [];
    digest[table] = { rows: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
  }
  return digest;
}

/** Whether `error` is Postgres refusing a row for a constraint: a key taken, a CHECK, a reference (SQLSTATE class 23). */
function isConstraintViolation(error: unknown): error is Error & { code: string; constraint?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('23');
}

/**
 * Replaces one person's leadership record with `archive` (run it in a transaction):
 * deletes their rows, then writes the archive's, encrypting its text under the current key.
 * Rows of another person are Forbidden; rows the tables' constraints refuse (an id taken, a
 * second check-in on a day, a decision decided before it was opened) are a Conflict.
 */
export async function replaceWithArchive(db: Queryable, cipher: FieldCipher, personId: string, archive: LeadershipArchive): Promise<void> {
  for (const table of [...LEADERSHIP_TABLE_NAMES].reverse()) {
    await db.query(`DELETE FROM ${table} WHERE person_id = $1`, [personId]);
  }
  for (const table of LEADERSHIP_TABLE_NAMES) {
    const rows = archive[table];
    if (!Array.isArray(rows)) throw invalidInput(`archive.${table}: expected a list of rows`);
    for (const [index, row] of rows.entries()) {
      if (typeof row !== 'object' || row === null || row.person_id !== personId) {
        throw forbidden(`archive.${table}[${index}]: belongs to another person (${String((row as { person_id?: unknown } | null)?.person_id)}), not ${personId}`);
      }
      const stored: Record<string, unknown> = { ...row };
      for (const column of LEADERSHIP_TABLES[table]) {
        const plain = stored[plainName(column)];
        delete stored[plainName(column)];
        stored[column] = plain === null || plain === undefined ? null : cipher.encrypt(String(plain), fieldContext(table, column, personId));
      }
      try {
        await db.query(`INSERT INTO ${table} SELECT * FROM json_populate_record(NULL::${table}, $1::json)`, [JSON.stringify(stored)]);
      } catch (error) {
        if (!isConstraintViolation(error)) throw error;
        throw conflict(`archive.${table}[${index}] cannot be restored: ${error.message}; nothing was changed`, {
          table,
          index,
          ...(error.constraint !== undefined ? { constraint: error.constraint } : {}),
        });
      }
    }
  }
}
