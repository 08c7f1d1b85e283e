import type pg from 'pg';
import type { DataKeyring, AuditCheckpointStore, DeadLetters } from '@clos/platform';
import type { Client } from '@temporalio/client';
import type { GithubClient } from '@clos/github';
import type { ConfigSource } from '@clos/app';
import type { PodScope } from '@clos/app';

/** What the services read and write through. */
export interface ServiceDependencies {
  pool: pg.Pool;
  temporal: Client;
  /** The clos.yml in force: how workflows start, and which project belongs to which pod. */
  config: ConfigSource;
  /** Task queue the enforcement workflows run on. */
  taskQueue?: string;
  now: () => Date;
  /** How long a workflow query or update may take before the call fails as Unavailable. */
  workflowTimeoutMs: number;
  /** Told when a token is revoked or a session ends, so cached verifications drop it at once. */
  onTokenRevoked?: (tokenId: string) => void;
  /** Where the audit chain's head is anchored outside the database (verifyAudit compares the log with it). */
  auditCheckpoints?: AuditCheckpointStore;
  /** Keys of the leadership records' encrypted text (CLOS_DATA_KEY); without them those routes answer 503. */
  dataKeys?: DataKeyring;
  /** The bus's dead events (outbox rows or SQS DLQs); the outbox of `pool` when omitted. */
  deadLetters?: DeadLetters;
  /** Opens the GitHub issue an accepted idea becomes; without it ideas are refused as issues. */
  github?: GithubClient;
  /** This api's public address (PUBLIC_URL): explanation links are absolute under it, paths on the api without it. */
  publicUrl?: string;
}

/**
 * A SQL condition keeping rows of the pods in `scope` (column `column`); pushes the pod
 * ids onto `values`. Rows without a pod are kept only for a caller who sees every pod.
 */
export function scopeCondition(column: string, scope: PodScope, values: unknown[]): string {
  if (scope === 'all') return 'TRUE';
  values.push(scope);
  return `${column} = ANY($${values.length}::text[])`;
}
