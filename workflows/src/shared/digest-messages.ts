/**
 * Digests: a Temporal Schedule per person and kind starts `personDigest`, and so does an
 * on-demand run. The workflow prepares (claims the person's digest of that kind and local
 * day, gathers facts, writes), sends the DM, and alerts the ops channel once if the send
 * fails after its retries.
 */
import type { DigestKind } from '@clos/domain';

/** Workflow type name of the digest run. */
export const PERSON_DIGEST_WORKFLOW = 'personDigest';

/** Prefix of every digest schedule id. */
export const DIGEST_SCHEDULE_PREFIX = 'digest:';

/** Id of a person's schedule of one kind: `digest:<personId>:<kind>`. */
export function digestScheduleId(personId: string, kind: DigestKind): string {
  return `${DIGEST_SCHEDULE_PREFIX}${personId}:${kind}`;
}

/** What started a digest. */
export type DigestTrigger = 'schedule' | 'on-demand';

/** Start argument of `personDigest`. */
export interface PersonDigestInput {
  personId: string;
  kind: DigestKind;
  trigger: DigestTrigger;
}

/** What one run did: sent one, found it already done today, skipped the person, or failed to deliver. */
export type PersonDigestResult =
  | { status: 'sent'; digestId: string }
  | { status: 'duplicate'; digestId: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; digestId: string; error: string };

/** Input of the `prepareDigest` activity: the start input and the run claiming the digest. */
export interface PrepareDigestInput extends PersonDigestInput {
  /** The workflow id of the run: its retries hold the claim, any other run stops. */
  runKey: string;
}

/** What `prepareDigest` hands the workflow. */
export type PreparedDigest = { status: 'ready'; digestId: string } | { status: 'duplicate'; digestId: string } | { status: 'skipped'; reason: string };
