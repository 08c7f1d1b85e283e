import { createHash } from 'node:crypto';

/** Rows and SHA-256 per table, computed as the api computes them (JSON of the rows as exported). */
export type ArchiveDigest = Record<string, { rows: number; sha256: string }>;

/** The digest of exported tables. */
export function digestTables(tables: Record<string, unknown[]>): ArchiveDigest {
  const digest: ArchiveDigest = {};
  for (const [table, rows] of Object.entries(tables)) {
    digest[table] = { rows: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
  }
  return digest;
}

/** Tables whose rows or hash differ between two digests. */
export function digestDifferences(expected: ArchiveDigest, actual: ArchiveDigest): string[] {
  const tables = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...tables].filter((t) => expected[t]?.rows !== actual[t]?.rows || expected[t]?.sha256 !== actual[t]?.sha256);
}
