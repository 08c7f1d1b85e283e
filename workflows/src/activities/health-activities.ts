import type { Client } from '@temporalio/client';
import type { Queryable } from '@clos/platform';
import type pg from 'pg';
import { getWipState } from '../client/pod-wip-client.js';
import { podWipWorkflowId } from '../shared/ids.js';
import { setPolicyUpdate } from '../shared/pod-wip-messages.js';
import type { ActivityLogger, Notifier, RecordStore } from './ports.js';
import type { HealthActivities } from './health-types.js';
import { applyCircuitBreakers, CIRCUIT_BREAKER_ACTOR } from './pod-circuit-breaker.js';
import { recordPodHealthSnapshots } from './pod-health-job.js';

/** What the health activities need. */
export interface HealthActivityDependencies {
  db: Queryable;
  /** Asks pod workflows for live WIP; the `work_items` record is used without it. */
  temporal?: Client;
  logger?: ActivityLogger;
  /**
   * Applies the pods' circuit breakers after each scan (docs/health-score.md): the record,
   * the event and audit logs, and the pod channels; needs `temporal`. No breaker without it.
   */
  circuitBreaker?: { pool: pg.Pool; records: Pick<RecordStore, 'appendEvent' | 'appendAudit'>; notifier?: Notifier };
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
      const breaker = deps.circuitBreaker;
      if (breaker !== undefined && temporal !== undefined) {
        const outcomes = await applyCircuitBreakers(
          {
            pool: breaker.pool,
            records: breaker.records,
            ...(breaker.notifier !== undefined ? { notifier: breaker.notifier } : {}),
            liveLimit: async (podId) => (await getWipState(temporal, podId))?.policy.limit,
            setLimit: async (podId, limit, reason, updateId) => {
              const view = await getWipState(temporal, podId);
              // Not running: a workflow started later takes the declared limit, capped at the next scan.
              if (view === undefined) return;
              await temporal.workflow
                .getHandle(podWipWorkflowId(podId))
                .executeUpdate(setPolicyUpdate, { args: [{ policy: { limit }, actor: CIRCUIT_BREAKER_ACTOR, reason }], updateId });
            },
            onError: (error, podId) => deps.logger?.warn({ podId, err: String(error) }, 'health scan: circuit breaker not applied'),
          },
          snapshots,
        );
        for (const o of outcomes.filter((x) => x.action === 'tripped' || x.action === 'recovered')) {
          deps.logger?.info({ podId: o.podId, limit: o.limit, reason: o.reason }, `health scan: circuit breaker ${o.action}`);
        }
      }
      return { at: input.at, pods: snapshots.map((s) => ({ podId: s.podId, score: s.score, failing: s.failing })) };
    },
  };
}
