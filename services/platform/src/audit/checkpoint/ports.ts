/** The audit chain's head at one moment: the newest entry's id and its (keyed) hash. */
export interface AuditCheckpoint {
  id: string;
  hash: string;
  /** When the checkpoint was taken (ISO 8601). */
  at: string;
}

/**
 * Where the head of the audit chain is anchored outside the database, so that dropping the
 * chain's tail — which leaves a shorter chain that still verifies — shows. A file under the
 * data folder locally; an S3 object under object lock in AWS.
 */
export interface AuditCheckpointStore {
  /** Where the checkpoint lives, for messages (`file:///…`, `s3://bucket/key`). */
  readonly location: string;
  /** The newest checkpoint, or undefined when none was written yet. */
  read(): Promise<AuditCheckpoint | undefined>;
  write(checkpoint: AuditCheckpoint): Promise<void>;
}

/** Parses a stored checkpoint; throws naming the location when it is not one. */
export function parseCheckpoint(text: string, location: string): AuditCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`audit checkpoint at ${location} is not JSON`);
  }
  const { id, hash, at } = (value ?? {}) as Partial<Record<keyof AuditCheckpoint, unknown>>;
  if (typeof id !== 'string' || !/^\d+$/.test(id) || typeof hash !== 'string' || typeof at !== 'string') {
    throw new Error(`audit checkpoint at ${location} lacks id, hash or at`);
  }
  return { id, hash, at };
}
