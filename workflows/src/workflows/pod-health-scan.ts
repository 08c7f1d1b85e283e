import { proxyActivities } from '@temporalio/workflow';
import type { HealthActivities } from '../activities/health-types.js';
import type { PodHealthScanInput, PodHealthScanResult } from '../shared/health-messages.js';

const { recordPodHealth } = proxyActivities<HealthActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});

/**
 * One hourly health scan, started by the `clos-pod-health` schedule: every pod scored from
 * the record at the workflow's start time (replay-safe), one snapshot per pod.
 */
export async function podHealthScan(_input: PodHealthScanInput = {}): Promise<PodHealthScanResult> {
  return recordPodHealth({ at: new Date().toISOString() });
}
