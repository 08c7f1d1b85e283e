import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createAuditCheckpointStore, S3AuditCheckpointStore } from '../src/index.js';

/** The moto server the jest global setup started (AWS_ENDPOINT_URL). */
function motoClient(): S3Client {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error('AWS_ENDPOINT_URL is not set: run through `npm test`');
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

describe('S3AuditCheckpointStore (moto)', () => {
  const client = motoClient();
  const bucket = `clos-audit-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    await client.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } },
      }),
    );
  });
  afterAll(() => client.destroy());

  it('reads nothing before the first checkpoint, then the newest one', async () => {
    const store = new S3AuditCheckpointStore({ client, bucket, now: () => new Date('2026-12-05T12:00:00Z') });
    expect(store.location).toBe(`s3://${bucket}/audit/head.json`);
    expect(await store.read()).toBeUndefined();
    await store.write({ id: '7', hash: 'hmac-sha256:aa', at: '2026-12-05T12:00:00.000Z' });
    await store.write({ id: '9', hash: 'hmac-sha256:bb', at: '2026-12-05T12:01:00.000Z' });
    expect(await store.read()).toEqual({ id: '9', hash: 'hmac-sha256:bb', at: '2026-12-05T12:01:00.000Z' });
  });

  it('keeps every checkpoint as a locked version that cannot be deleted', async () => {
    const store = new S3AuditCheckpointStore({ client, bucket, key: 'audit/locked.json', retentionDays: 30, now: () => new Date() });
    await store.write({ id: '1', hash: 'h1', at: new Date().toISOString() });
    await store.write({ id: '2', hash: 'h2', at: new Date().toISOString() });
    const versions = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'audit/locked.json' }));
    expect(versions.Versions).toHaveLength(2);
    const oldest = versions.Versions!.find((v) => !v.IsLatest)!;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'audit/locked.json', VersionId: oldest.VersionId! }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await expect(
      client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'audit/locked.json', VersionId: oldest.VersionId! })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('is the store the environment picks when AUDIT_CHECKPOINT_BUCKET is set', async () => {
    const store = createAuditCheckpointStore({
      AUDIT_CHECKPOINT_BUCKET: bucket,
      AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL,
      AWS_REGION: 'us-east-1',
      CLOS_DATA_DIR: '.clos',
    });
    expect(store).toBeInstanceOf(S3AuditCheckpointStore);
    expect(await store.read()).toEqual({ id: '9', hash: 'hmac-sha256:bb', at: '2026-12-05T12:01:00.000Z' });
    const local = createAuditCheckpointStore({ CLOS_DATA_DIR: '/tmp/clos-data' });
    expect(local.location).toBe('file:///tmp/clos-data/audit/checkpoint.json');
  });
});
