import type { Queryable } from '@clos/platform';
import { Counter, Gauge, type Registry } from 'prom-client';
import { cached } from './cached.js';

/** Event types the workflows record for gate failures and escalations. */
const GATE_FAILURE_EVENT = 'stage.advance_refused';
const ESCALATION_EVENT = 'stage.escalated';

interface EventCounts {
  bySourceStatus: { source: string; status: string; count: number }[];
  byPodType: { podId: string; type: string; count: number }[];
}

async function loadEventCounts(db: Queryable): Promise<EventCounts> {
  const [bySourceStatus, byPodType] = await Promise.all([
    db.query<{ source: string; status: string; count: number }>(
      'SELECT source, status, count(*)::float8 AS count FROM events GROUP BY source, status',
    ),
    db.query<{ pod_id: string | null; type: string; count: number }>(
      'SELECT pod_id, type, count(*)::float8 AS count FROM events WHERE type = ANY($1::text[]) GROUP BY pod_id, type',
      [[GATE_FAILURE_EVENT, ESCALATION_EVENT]],
    ),
  ]);
  return {
    bySourceStatus: bySourceStatus.rows,
    byPodType: byPodType.rows.map((r) => ({ podId: r.pod_id ?? 'none', type: r.type, count: r.count })),
  };
}

/**
 * Counters read from the event log at scrape time, so they count what every process
 * (api, processor, worker) did, not just this one: events ingested, processed and failed
 * by source, the backlog, gate failures and escalations per pod. The log only grows, so
 * these are counters; a process restart does not reset them.
 */
export function registerStoreMetrics(registry: Registry, db: Queryable, options: { cacheMs: number; onError: (error: unknown) => void }): void {
  const counts = cached(options.cacheMs, () => loadEventCounts(db));
  const read = async (): Promise<EventCounts | undefined> => {
    try {
      return await counts();
    } catch (error) {
      options.onError(error);
      return undefined;
    }
  };

  const fromSourceStatus = (name: string, help: string, keep: (status: string) => boolean) =>
    new Counter({
      name,
      help,
      labelNames: ['source'] as const,
      registers: [registry],
      async collect() {
        const snapshot = await read();
        this.reset();
        if (snapshot === undefined) return;
        const sums = new Map<string, number>();
        for (const row of snapshot.bySourceStatus) {
          if (keep(row.status)) sums.set(row.source, (sums.get(row.source) ?? 0) + row.count);
        }
        for (const [source, count] of sums) this.inc({ source }, count);
      },
    });
  fromSourceStatus('clos_events_ingested_total', 'Events that entered the event log, by source', () => true);
  fromSourceStatus('clos_events_processed_total', 'Events handled by the processor (or recorded as handled), by source', (s) => s === 'done');
  fromSourceStatus('clos_events_failed_total', 'Events parked after too many failed attempts (dead), by source', (s) => s === 'dead');

  new Gauge({
    name: 'clos_events_backlog',
    help: 'Events waiting for, or being handled by, the processor, by source',
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      const snapshot = await read();
      this.reset();
      if (snapshot === undefined) return;
      for (const row of snapshot.bySourceStatus) {
        if (row.status === 'pending' || row.status === 'processing') this.inc({ source: row.source }, row.count);
      }
    },
  });

  const perPod = (name: string, help: string, type: string) =>
    new Counter({
      name,
      help,
      labelNames: ['pod'] as const,
      registers: [registry],
      async collect() {
        const snapshot = await read();
        this.reset();
        if (snapshot === undefined) return;
        for (const row of snapshot.byPodType) if (row.type === type) this.inc({ pod: row.podId }, row.count);
      },
    });
  perPod('clos_gate_failures_total', 'Requests to advance a project that its stage gate refused, by pod', GATE_FAILURE_EVENT);
  perPod('clos_escalations_total', 'Stage gates escalated to the pod lead after repeated refusals, by pod', ESCALATION_EVENT);
}
