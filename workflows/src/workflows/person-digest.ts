import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DigestActivities } from '../activities/digest-types.js';
import type { PersonDigestInput, PersonDigestResult } from '../shared/digest-messages.js';

const prepare = proxyActivities<DigestActivities>({
  // Gathering and one model call inside its own time budget.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

const deliver = proxyActivities<DigestActivities>({
  startToCloseTimeout: '1 minute',
  // Slack outages are usually short; after these the ops channel hears of it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 4 },
});

/**
 * One digest for one person: prepare (claim, gather, write), send the DM with retries,
 * and if it still cannot be sent, mark it failed and alert the ops channel once. A run
 * that finds the person's digest of that kind and local day already claimed stops there.
 */
export async function personDigest(input: PersonDigestInput): Promise<PersonDigestResult> {
  const prepared = await prepare.prepareDigest({ ...input, runKey: workflowInfo().workflowId });
  if (prepared.status !== 'ready') return prepared;
  try {
    await deliver.sendDigest({ digestId: prepared.digestId });
    return { status: 'sent', digestId: prepared.digestId };
  } catch (error) {
    const cause = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause.message : String(error);
    await prepare.reportDigestFailure({ digestId: prepared.digestId, error: cause });
    return { status: 'failed', digestId: prepared.digestId, error: cause };
  }
}
