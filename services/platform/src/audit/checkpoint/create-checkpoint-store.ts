import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientOptions } from '../../aws-client-options.js';
import type { Env } from '../../config/env-schema.js';
import { FileAuditCheckpointStore } from './file-checkpoint-store.js';
import type { AuditCheckpointStore } from './ports.js';
import { S3AuditCheckpointStore } from './s3-checkpoint-store.js';

/**
 * The checkpoint store the environment configures: the S3 bucket AUDIT_CHECKPOINT_BUCKET
 * (AWS), else `<CLOS_DATA_DIR>/audit/checkpoint.json`.
 */
export function createAuditCheckpointStore(
  env: Pick<Env, 'AUDIT_CHECKPOINT_BUCKET' | 'AWS_ENDPOINT_URL' | 'AWS_REGION' | 'CLOS_DATA_DIR'>,
): AuditCheckpointStore {
  if (env.AUDIT_CHECKPOINT_BUCKET !== undefined) {
    const client = new S3Client({
      ...awsClientOptions(env.AWS_ENDPOINT_URL, env.AWS_REGION),
      // Emulators (moto) answer on one host; AWS itself prefers virtual-hosted buckets.
      forcePathStyle: env.AWS_ENDPOINT_URL !== undefined,
    });
    return new S3AuditCheckpointStore({ client, bucket: env.AUDIT_CHECKPOINT_BUCKET });
  }
  return new FileAuditCheckpointStore(join(resolve(env.CLOS_DATA_DIR), 'audit', 'checkpoint.json'));
}
