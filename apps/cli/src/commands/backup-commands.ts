import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ClosError } from '@clos/domain';
import { loadConfig } from '@clos/platform';
import type { Command } from 'commander';
import { digestDifferences, type ArchiveDigest } from '../backup/archive-digest.js';
import { BACKUP_RETENTION_DAYS, backupKey, openBackup, sealBackup, type BackupContent } from '../backup/backup-file.js';
import { UsageError, withJson, type CommandContext } from './command-context.js';
import { renderTable } from './render.js';

const SUFFIX = '.closbackup';
const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/** `clos backup …`: encrypted, integrity-checked backups of your leadership record. */
export function registerBackupCommands(program: Command, ctx: CommandContext): void {
  const backup = program.command('backup').description(`Encrypted backups of your leadership record (CLOS_BACKUP_KEY; kept ${BACKUP_RETENTION_DAYS} days)`);
  const key = () => {
    const { env } = loadConfig(ctx.io.env !== undefined ? { env: ctx.io.env } : {});
    return backupKey(env.CLOS_BACKUP_KEY);
  };
  const dirOf = (dir: string | undefined) => resolve(dir ?? join(ctx.configDir, 'backups'));
  const fileOf = async (dir: string, id: string) => {
    if (!ID.test(id)) throw new UsageError(`"${id}" is not a backup id (as "clos backup list" shows, e.g. 20260105T081500Z-a1b2c3)`);
    const path = join(dir, `${id}${SUFFIX}`);
    try {
      return { path, text: await readFile(path, 'utf8') };
    } catch {
      throw new ClosError('NotFound', `No backup ${id} in ${dir}`);
    }
  };

  withJson(backup.command('create').description('Back up your record, encrypted').option('--to <dir>', 'folder to write to (default ~/.config/clos/backups)')).action(
    async (o: { to?: string; json?: boolean }) => {
      if (o.to?.startsWith('s3://') === true) throw new UsageError('--to: S3 destinations are not supported yet; give a folder');
      const secret = key();
      const dir = dirOf(o.to);
      const content = await (await ctx.api()).get<BackupContent>('/api/leadership/export');
      const now = ctx.io.now();
      const id = `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${randomBytes(3).toString('hex')}`;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, `${id}${SUFFIX}`);
      await writeFile(path, sealBackup(content, secret, id, now), { mode: 0o600 });
      const pruned = await prune(dir, now);
      const rows = Object.values(content.digest).reduce((sum, t) => sum + t.rows, 0);
      ctx.emit(o.json, { id, path, rows, digest: content.digest, pruned }, () => `Backup ${id}: ${rows} rows, encrypted, at ${path}${pruned.length ? `; removed ${pruned.length} older than ${BACKUP_RETENTION_DAYS} days` : ''}.`);
    },
  );

  withJson(backup.command('list').description('Backups in a folder, newest first').option('--dir <dir>', 'the folder (default ~/.config/clos/backups)')).action(
    async (o: { dir?: string; json?: boolean }) => {
      const dir = dirOf(o.dir);
      const items = (await listBackups(dir)).map((b) => ({ id: b.id, path: b.path, createdAt: b.createdAt, bytes: b.bytes }));
      ctx.emit(o.json, items, () => (items.length === 0 ? `No backups in ${dir}.` : renderTable(['ID', 'CREATED', 'BYTES', 'PATH'], items.map((b) => [b.id, b.createdAt, b.bytes, b.path]))));
    },
  );

  withJson(backup.command('verify').description('Decrypt a backup and check every table against its hashes').argument('<id>', 'the backup id').option('--dir <dir>', 'the folder')).action(
    async (id: string, o: { dir?: string; json?: boolean }) => {
      const { path, text } = await fileOf(dirOf(o.dir), id);
      const { envelope, content } = openBackup(text, key(), `backup ${id}`);
      const rows = Object.values(content.digest).reduce((sum, t) => sum + t.rows, 0);
      ctx.emit(o.json, { id, path, ok: true, personId: envelope.personId, createdAt: envelope.createdAt, rows, digest: content.digest }, () => `Backup ${id} is intact: ${rows} rows of ${envelope.personId}, hashes match.`);
    },
  );

  withJson(
    backup
      .command('restore')
      .description('Replace your record with a backup of it, then check row counts and hashes')
      .argument('<id>', 'the backup id')
      .option('--dir <dir>', 'the folder'),
  ).action(async (id: string, o: { dir?: string; json?: boolean }) => {
    const { text } = await fileOf(dirOf(o.dir), id);
    const { content } = openBackup(text, key(), `backup ${id}`);
    const answer = await (await ctx.api()).put<{ digest: ArchiveDigest }>('/api/leadership/restore', { personId: content.personId, tables: content.tables });
    const differing = digestDifferences(content.digest, answer.digest);
    if (differing.length > 0) throw new ClosError('Conflict', `Restore of ${id} does not match the backup in ${differing.join(', ')}`);
    const rows = Object.values(answer.digest).reduce((sum, t) => sum + t.rows, 0);
    ctx.emit(o.json, { id, restored: true, verified: true, rows, digest: answer.digest }, () => `Restored backup ${id}: ${rows} rows; row counts and hashes match the backup.`);
  });
}

interface BackupEntry {
  id: string;
  path: string;
  createdAt: string;
  bytes: number;
  mtime: Date;
}

async function listBackups(dir: string): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const id = name.slice(0, -SUFFIX.length);
    if (!name.endsWith(SUFFIX) || !ID.test(id)) continue;
    const info = await stat(join(dir, name));
    const created = `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T${id.slice(9, 11)}:${id.slice(11, 13)}:${id.slice(13, 15)}Z`;
    entries.push({ id, path: join(dir, name), createdAt: created, bytes: info.size, mtime: info.mtime });
  }
  return entries.sort((a, b) => b.id.localeCompare(a.id));
}

/** Deletes backups created more than the retention period before `now`; returns their ids. */
async function prune(dir: string, now: Date): Promise<string[]> {
  const cutoff = now.getTime() - BACKUP_RETENTION_DAYS * 86_400_000;
  const old = (await listBackups(dir)).filter((b) => Date.parse(b.createdAt) < cutoff);
  for (const b of old) await rm(b.path, { force: true });
  return old.map((b) => b.id);
}
