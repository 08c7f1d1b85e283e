export type { AuditCheckpoint, AuditCheckpointStore } from './ports.js';
export { FileAuditCheckpointStore } from './file-checkpoint-store.js';
export { S3AuditCheckpointStore } from './s3-checkpoint-store.js';
export type { S3AuditCheckpointStoreOptions } from './s3-checkpoint-store.js';
export { checkAuditCheckpoint, checkpointAuditHead } from './audit-checkpoint.js';
export type { AuditCheckpointCheck, CheckpointOutcome } from './audit-checkpoint.js';
export { startAuditCheckpointer } from './checkpointer.js';
export type { AuditCheckpointerOptions } from './checkpointer.js';
export { createAuditCheckpointStore } from './create-checkpoint-store.js';
