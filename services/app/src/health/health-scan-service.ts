import type { Client } from '@temporalio/client';
import { scanPodHealthNow, type PodHealthScanResult } from '@clos/workflows/client';
import type { CallContext } from '../access/authorize-services.js';
import { withTimeout } from '../enforcement/with-timeout.js';

/** What the health scan service reaches the workflows through. */
export interface HealthScanServiceDependencies {
  temporal: Client;
  taskQueue?: string;
  /** How long an on-demand scan may take before the call answers 503 (default 60 s). */
  scanTimeoutMs?: number;
}

/**
 * The pod health scan on demand: the hourly scan's workflow, run now, its scores returned.
 * A call made while a scan runs waits for that scan.
 */
export function healthScanService(deps: HealthScanServiceDependencies) {
  return {
    /** Scores every pod now and stores a snapshot per pod. */
    async scanHealth(_ctx: CallContext, _input: Record<string, never>): Promise<PodHealthScanResult> {
      const handle = await scanPodHealthNow(deps.temporal, deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {});
      return withTimeout(handle.result(), deps.scanTimeoutMs ?? 60_000, 'the health scan');
    },
  };
}

/** The health scan service's methods. */
export type HealthScanServices = ReturnType<typeof healthScanService>;
