import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ClosError } from '@clos/domain/errors';
import { loadSettings } from '../settings.js';
import type { Command } from 'commander';
import { digestDifferences, type ArchiveDigest } from '../backup/archive-digest.js';
import { BACKUP_RETENTION_DAYS, backupKey, openBackup, sealBackup, type BackupContent } from '../backup/backup-file.js';
import { BACKUP_ID } from '../backup/backup-id.js';
import type { BackupStore } from '../backup/backup-store.js';
import { UsageError, withJson, type CommandContext } from './command-context.js';
import { renderTable } from './render.js';

const WHERE = 'a folder or s3://bucket/prefix (default ~/.config/clos/backups)';

/** `clos backup …`: encrypted, integrity-checked backups of your leadership record. */
export function registerBackupCommands(program: Command, ctx: CommandContext): void {
  const backup = program.command('backup').description(`Encrypted backups of your leadership record (CLOS_BACKUP_KEY; kept ${BACKUP_RETENTION_DAYS} days)`);
  const env = async () => (await loadSettings(ctx.io.env !== undefined ? { env: ctx.io.env } : {})).env;
  const key = async () => backupKey((await env()).CLOS_BACKUP_KEY);
  // Loaded on use: the S3 client is heavy, and most commands never touch a backup.
  const storeOf = async (where: string | undefined): Promise<BackupStore> => {
    const { AWS_ENDPOINT_URL, AWS_REGION } = await env();
    const { backupStoreFor } = await import('../backup/backup-store.js');
    return backupStoreFor(where ?? join(ctx.configDir, 'backups'), { AWS_ENDPOINT_URL, AWS_REGION });
  };
  const read = async (store: BackupStore, id: string) => {
    if (!BACKUP_ID.test(id)) throw new UsageError(`"${id}" is not a backup id (as "clos backup list" shows, e.g. 20260105T081500Z-a1b2c3)`);
    return store.read(id);
  };

  withJson(backup.command('create').description('Back up your record, encrypted').option('--to <where>', `where to write: ${WHERE}`)).action(
    async (o: { to?: string; json?: boolean }) => {
      const secret = await key();
      const store = await storeOf(o.to);
      const content = await (await ctx.api()).get<BackupContent>('/api/leadership/export');
      const now = ctx.io.now();
      const id = `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${randomBytes(3).toString('hex')}`;
      const path = await store.write(id, sealBackup(content, secret, id, now));
      const pruned = await prune(store, now);
      const rows = Object.values(content.digest).reduce((sum, t) => sum + t.rows, 0);
      ctx.emit(o.json, { id, path, rows, digest: content.digest, pruned }, () => `Backup ${id}: ${rows} rows, encrypted, at ${path}${pruned.length ? `; removed ${pruned.length} older than ${BACKUP_RETENTION_DAYS} days` : ''}.`);
    },
  );

  withJson(backup.command('list').description('Backups, newest first').option('--dir <where>', WHERE)).action(
    async (o: { dir?: string; json?: boolean }) => {
      const store = await storeOf(o.dir);
      const items = (await store.list()).map((b) => ({ id: b.id, path: b.location, createdAt: b.createdAt, bytes: b.bytes }));
      ctx.emit(o.json, items, () => (items.length === 0 ? `No backups in ${store.where}.` : renderTable(['ID', 'CREATED', 'BYTES', 'PATH'], items.map((b) => [b.id, b.createdAt, b.bytes, b.path]))));
    },
  );

  withJson(backup.command('verify').description('Decrypt a backup and check every table against its hashes').argument('<id>', 'the backup id').option('--dir <where>', WHERE)).action(
    async (id: string, o: { dir?: string; json?: boolean }) => {
      const { location: path, text } = await read(await storeOf(o.dir), id);
      const { envelope, content } = openBackup(text, await key(), `backup ${id}`);
      const rows = Object.values(content.digest).reduce((sum, t) => sum + t.rows, 0);
      ctx.emit(o.json, { id, path, ok: true, personId: envelope.personId, createdAt: envelope.createdAt, rows, digest: content.digest }, () => `Backup ${id} is intact: ${rows} rows of ${envelope.personId}, hashes match.`);
    },
  );

  withJson(
    backup
      .command('restore')
      .description('Replace your record with a backup of it, then check row counts and hashes')
      .argument('<id>', 'the backup id')
      .option('--dir <where>', WHERE),
  ).action(async (id: string, o: { dir?: string; json?: boolean }) => {
    const { text } = await read(await storeOf(o.dir), id);
    const { content } = openBackup(text, await key(), `backup ${id}`);
    const answer = await (await ctx.api()).put<{ digest: ArchiveDigest }>('/api/leadership/restore', { personId: content.personId, tables: content.tables });
    const differing = digestDifferences(content.digest, answer.digest);
    if (differing.length > 0) throw new ClosError('Conflict', `Restore of ${id} does not match the backup in ${differing.join(', ')}`);
    const rows = Object.values(answer.digest).reduce((sum, t) => sum + t.rows, 0);
    ctx.emit(o.json, { id, restored: true, verified: true, rows, digest: answer.digest }, () => `Restored backup ${id}: ${rows} rows; row counts and hashes match the backup.`);
  });
}

/** Deletes backups created more than the retention period before `now`; returns their ids. */
async function prune(store: BackupStore, now: Date): Promise<string[]> {
  const cutoff = now.getTime() - BACKUP_RETENTION_DAYS * 86_400_000;
  const old = (await store.list()).filter((b) => Date.parse(b.createdAt) < cutoff);
  for (const b of old) await store.remove(b.id);
  return old.map((b) => b.id);
}
