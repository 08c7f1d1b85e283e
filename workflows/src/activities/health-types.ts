import type { PodHealthScanResult, RecordPodHealthInput } from '../shared/health-messages.js';

/** The activity `podHealthScan` calls. */
export interface HealthActivities {
  /** Scores every pod at `at` and stores the snapshots; safe to retry (same rows). */
  recordPodHealth(input: RecordPodHealthInput): Promise<PodHealthScanResult>;
}
