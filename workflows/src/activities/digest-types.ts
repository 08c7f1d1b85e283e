import type { PrepareDigestInput, PreparedDigest } from '../shared/digest-messages.js';

/** The digest activities the `personDigest` workflow calls (built by `createDigestActivities`). */
export interface DigestActivities {
  prepareDigest(input: PrepareDigestInput): Promise<PreparedDigest>;
  sendDigest(input: { digestId: string }): Promise<{ channel: string; ts?: string }>;
  reportDigestFailure(input: { digestId: string; error: string }): Promise<{ alerted: boolean }>;
}
