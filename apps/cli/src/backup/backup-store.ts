import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ClosError } from '@clos/domain/errors';
import { awsClientOptions } from '@clos/platform/config';

import { BACKUP_ID, BACKUP_SUFFIX } from './backup-id.js';

/** A backup as its store lists it. */
export interface StoredBackup {
  id: string;
  /** A path, or an s3:// URL. */
  location: string;
  createdAt: string;
  bytes: number;
}

/** Where backups are kept: a folder, or an S3 bucket and prefix. */
export interface BackupStore {
  /** The folder or s3:// URL, for messages. */
  where: string;
  /** Every backup, newest first. */
  list(): Promise<StoredBackup[]>;
  /** A backup's text; NotFound naming the store when it is not there. */
  read(id: string): Promise<{ location: string; text: string }>;
  /** Writes a backup readable by its owner only; returns where. */
  write(id: string, text: string): Promise<string>;
  remove(id: string): Promise<void>;
}

/** What the environment tells the S3 client (AWS_ENDPOINT_URL for an emulator, AWS_REGION). */
export interface BackupStoreEnv {
  AWS_ENDPOINT_URL?: string | undefined;
  AWS_REGION?: string | undefined;
}

/** The store a `--to` / `--dir` value names: `s3://bucket[/prefix]`, else a folder. */
export function backupStoreFor(location: string, env: BackupStoreEnv): BackupStore {
  if (location.startsWith('s3://')) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(location);
    if (match === null) throw new ClosError('InvalidInput', `"${location}" is not an S3 location: give s3://bucket or s3://bucket/prefix`);
    return s3Store(match[1]!, (match[2] ?? '').replace(/\/+$/, ''), env);
  }
  return folderStore(resolve(location));
}

const createdAtOf = (id: string): string =>
  `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T${id.slice(9, 11)}:${id.slice(11, 13)}:${id.slice(13, 15)}Z`;
const newestFirst = (items: StoredBackup[]): StoredBackup[] => items.sort((a, b) => b.id.localeCompare(a.id));

function folderStore(dir: string): BackupStore {
  const pathOf = (id: string) => join(dir, `${id}${BACKUP_SUFFIX}`);
  return {
    where: dir,
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return [];
      }
      const items: StoredBackup[] = [];
      for (const name of names) {
        const id = name.slice(0, -BACKUP_SUFFIX.length);
        if (!name.endsWith(BACKUP_SUFFIX) || !BACKUP_ID.test(id)) continue;
        items.push({ id, location: pathOf(id), createdAt: createdAtOf(id), bytes: (await stat(pathOf(id))).size });
      }
      return newestFirst(items);
    },
    async read(id) {
      try {
        return { location: pathOf(id), text: await readFile(pathOf(id), 'utf8') };
      } catch {
        throw new ClosError('NotFound', `No backup ${id} in ${dir}`);
      }
    },
    async write(id, text) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(pathOf(id), text, { mode: 0o600 });
      return pathOf(id);
    },
    async remove(id) {
      await rm(pathOf(id), { force: true });
    },
  };
}

function s3Store(bucket: string, prefix: string, env: BackupStoreEnv): BackupStore {
  const client = new S3Client({
    ...awsClientOptions(env.AWS_ENDPOINT_URL, env.AWS_REGION),
    // Emulators answer on one host; AWS itself prefers virtual-hosted buckets.
    forcePathStyle: env.AWS_ENDPOINT_URL !== undefined,
  });
  const where = `s3://${bucket}${prefix === '' ? '' : `/${prefix}`}`;
  const keyOf = (id: string) => `${prefix === '' ? '' : `${prefix}/`}${id}${BACKUP_SUFFIX}`;
  const urlOf = (id: string) => `s3://${bucket}/${keyOf(id)}`;
  // An unreachable or missing bucket is the user's to fix: say which, and what S3 answered.
  const explain = (error: unknown): never => {
    if (error instanceof S3ServiceException) {
      throw new ClosError('InvalidInput', `${where}: S3 refused (${error.name}${error.$metadata.httpStatusCode ? `, HTTP ${error.$metadata.httpStatusCode}` : ''}): ${error.message}`);
    }
    throw error;
  };
  return {
    where,
    async list() {
      const items: StoredBackup[] = [];
      let token: string | undefined;
      do {
        const page = await client
          .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix === '' ? undefined : `${prefix}/`, ContinuationToken: token }))
          .catch(explain);
        for (const object of page.Contents ?? []) {
          const name = (object.Key ?? '').slice(prefix === '' ? 0 : prefix.length + 1);
          const id = name.slice(0, -BACKUP_SUFFIX.length);
          if (!name.endsWith(BACKUP_SUFFIX) || !BACKUP_ID.test(id)) continue;
          items.push({ id, location: urlOf(id), createdAt: createdAtOf(id), bytes: object.Size ?? 0 });
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return newestFirst(items);
    },
    async read(id) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(id) }));
        return { location: urlOf(id), text: (await object.Body?.transformToString('utf8')) ?? '' };
      } catch (error) {
        if (error instanceof NoSuchKey) throw new ClosError('NotFound', `No backup ${id} in ${where}`);
        return explain(error);
      }
    },
    async write(id, text) {
      await client
        .send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: keyOf(id),
            Body: text,
            ContentType: 'application/json',
            // Encrypted before it leaves this machine; encrypted again at rest by S3.
            ServerSideEncryption: 'AES256',
          }),
        )
        .catch(explain);
      return urlOf(id);
    },
    async remove(id) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(id) })).catch(explain);
    },
  };
}
