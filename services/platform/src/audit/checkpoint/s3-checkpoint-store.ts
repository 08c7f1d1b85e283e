import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseCheckpoint, type AuditCheckpoint, type AuditCheckpointStore } from './ports.js';

/** Options of {@link S3AuditCheckpointStore}. */
export interface S3AuditCheckpointStoreOptions {
  client: S3Client;
  bucket: string;
  /** Object key; default `audit/head.json`. */
  key?: string;
  /**
   * How long each written version stays locked, in days (default 400). The bucket is created
   * with object lock and a default retention too (infra data stack); setting it per object
   * also covers a bucket whose default was loosened.
   */
  retentionDays?: number;
  now?: () => Date;
}

/**
 * The AWS adapter: every checkpoint is a new version of one object in a bucket with object
 * lock (COMPLIANCE mode), so no one — not the database's owner, not the account's root —
 * can delete or overwrite a version before its retention ends; a tail dropped from the
 * audit log stays visible against the versions written before.
 */
export class S3AuditCheckpointStore implements AuditCheckpointStore {
  readonly location: string;
  private readonly key: string;

  constructor(private readonly options: S3AuditCheckpointStoreOptions) {
    this.key = options.key ?? 'audit/head.json';
    this.location = `s3://${options.bucket}/${this.key}`;
  }

  async read(): Promise<AuditCheckpoint | undefined> {
    try {
      const answer = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key }));
      const text = await answer.Body?.transformToString('utf8');
      if (text === undefined) throw new Error(`audit checkpoint at ${this.location} has no body`);
      return parseCheckpoint(text, this.location);
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    const now = this.options.now?.() ?? new Date();
    const retainUntil = new Date(now.getTime() + (this.options.retentionDays ?? 400) * 86_400_000);
    await this.options.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key,
        Body: JSON.stringify(checkpoint),
        ContentType: 'application/json',
        // Object lock requires an integrity checksum on the request.
        ChecksumAlgorithm: 'SHA256',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: retainUntil,
      }),
    );
  }
}
