import type { Client } from '@temporalio/client';
import type { Queryable } from '@clos/platform';
import { getWipState } from '../client/pod-wip-client.js';
import type { ActivityLogger } from './ports.js';
import type { HealthActivities } from './health-types.js';
import { recordPodHealthSnapshots } from './pod-health-job.js';

/** What the health activities need. */
export interface HealthActivityDependencies {
  db: Queryable;
  /** Asks pod workflows for live WIP; the `work_items` record is used without it. */
  temporal?: Client;
  logger?: ActivityLogger;
}

/** The activities of the hourly health scan. */
export function createHealthActivities(deps: HealthActivityDependencies): HealthActivities {
  const { temporal } = deps;
  return {
    async recordPodHealth(input) {
      const snapshots = await recordPodHealthSnapshots(
        {
          db: deps.db,
          ...(temporal !== undefined
            ? {
                liveWip: async (podId: string) => {
                  const view = await getWipState(temporal, podId);
                  if (view === undefined) return undefined;
                  const regular = view.holders.filter((h) => h.lane === 'regular').length;
                  return { limit: view.policy.limit, regular, queued: view.queue.length };
                },
              }
            : {}),
          onError: (error, podId) => deps.logger?.warn({ podId, err: String(error) }, 'health scan: live WIP unavailable, using the record'),
        },
        input,
      );
      return { at: input.at, pods: snapshots.map((s) => ({ podId: s.podId, score: s.score, failing: s.failing })) };
    },
  };
}
