import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ClosError } from '@clos/domain/errors';
import { digestDifferences, digestTables, type ArchiveDigest } from './archive-digest.js';

/** What a backup holds once opened: the api's export of one person's record. */
export interface BackupContent {
  personId: string;
  exportedAt: string;
  tables: Record<string, Record<string, unknown>[]>;
  digest: ArchiveDigest;
}

/** The file on disk: a clear header (authenticated) and the encrypted export. */
interface BackupEnvelope {
  format: 'clos-leadership-backup';
  version: 1;
  id: string;
  createdAt: string;
  personId: string;
  cipher: 'aes-256-gcm';
  /** First 16 hex of SHA-256 of the key: tells a wrong key from a damaged file. */
  keyFingerprint: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Retention: backups older than this are deleted when a new one is made. */
export const BACKUP_RETENTION_DAYS = 30;

const fingerprint = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);
const headerOf = (e: Omit<BackupEnvelope, 'iv' | 'tag' | 'ciphertext'>) =>
  JSON.stringify([e.format, e.version, e.id, e.createdAt, e.personId, e.cipher, e.keyFingerprint]);

/** The backup key from CLOS_BACKUP_KEY (32 bytes base64); a clear error without it. */
export function backupKey(value: string | undefined): Buffer {
  if (value === undefined) throw new ClosError('InvalidInput', 'CLOS_BACKUP_KEY is not set: backups are encrypted with it (32 bytes, base64: openssl rand -base64 32)');
  return Buffer.from(value, 'base64');
}

/** Seals an export into a backup file's text. The header is bound to the ciphertext as AAD. */
export function sealBackup(content: BackupContent, key: Buffer, id: string, createdAt: Date): string {
  const head = {
    format: 'clos-leadership-backup' as const,
    version: 1 as const,
    id,
    createdAt: createdAt.toISOString(),
    personId: content.personId,
    cipher: 'aes-256-gcm' as const,
    keyFingerprint: fingerprint(key),
  };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(headerOf(head)));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  const envelope: BackupEnvelope = { ...head, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
  return `${JSON.stringify(envelope)}\n`;
}

/**
 * Opens a backup file's text and checks it whole: the format, the key (by fingerprint), the
 * GCM tag over header and content, and every table's row count and hash against the digest
 * taken at export. Any failure is a clear refusal; nothing partial comes back.
 */
export function openBackup(text: string, key: Buffer, name: string): { envelope: Omit<BackupEnvelope, 'ciphertext'>; content: BackupContent } {
  let envelope: BackupEnvelope;
  try {
    envelope = JSON.parse(text) as BackupEnvelope;
  } catch {
    throw new ClosError('InvalidInput', `${name} is not a CLOS backup (not JSON): refused`);
  }
  if (envelope.format !== 'clos-leadership-backup' || envelope.version !== 1) throw new ClosError('InvalidInput', `${name} is not a CLOS leadership backup (version 1): refused`);
  if (envelope.keyFingerprint !== fingerprint(key)) {
    throw new ClosError('InvalidInput', `${name} was encrypted with another key (fingerprint ${envelope.keyFingerprint}, CLOS_BACKUP_KEY is ${fingerprint(key)}): refused`);
  }
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(Buffer.from(headerOf(envelope)));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new ClosError('InvalidInput', `${name} failed its integrity check (the file was altered or damaged): refused`);
  }
  const content = JSON.parse(plain) as BackupContent;
  const differing = digestDifferences(content.digest, digestTables(content.tables));
  if (differing.length > 0) throw new ClosError('InvalidInput', `${name}: ${differing.join(', ')} do not match their row counts and hashes: refused`);
  const { ciphertext: _ciphertext, ...head } = envelope;
  return { envelope: head, content };
}
