import type { HealthMetric } from '@clos/domain';

/**
 * The hourly pod health scan: a Temporal Schedule runs `podHealthScan`, which scores every
 * pod from the record and stores a snapshot per pod (docs/health-score.md).
 */

/** Id of the health scan schedule; one per deployment sharing a namespace. */
export const POD_HEALTH_SCHEDULE_ID = 'clos-pod-health';

/** Workflow type name of the scan. */
export const POD_HEALTH_WORKFLOW = 'podHealthScan';

/** Start argument of `podHealthScan` (nothing yet; an object so fields can be added). */
export type PodHealthScanInput = Record<string, never>;

/** Input of the `recordPodHealth` activity. */
export interface RecordPodHealthInput {
  /** The scan's time (ISO); snapshots are stored under it. */
  at: string;
}

/** What one scan did. */
export interface PodHealthScanResult {
  at: string;
  pods: { podId: string; score: number; failing: HealthMetric[] }[];
}
