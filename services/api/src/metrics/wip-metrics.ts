import type { Client } from '@temporalio/client';
import type { ConfigSource } from '@clos/app';
import { getWipState, type PodWipView } from '@clos/workflows';
import { Gauge, type Registry } from 'prom-client';
import { cached } from './cached.js';

/** Pods queried at once: a scrape of 50 pods must not open 50 queries together. */
const CONCURRENCY = 8;

async function queryPods(temporal: Client, podIds: readonly string[], timeoutMs: number, onError: (error: unknown) => void): Promise<PodWipView[]> {
  const views: PodWipView[] = [];
  let next = 0;
  const worker = async () => {
    while (next < podIds.length) {
      const podId = podIds[next++]!;
      let timer: NodeJS.Timeout | undefined;
      try {
        const view = await Promise.race([
          getWipState(temporal, podId),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`pod ${podId}: no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        if (view !== undefined) views.push(view);
      } catch (error) {
        onError(error);
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, podIds.length) }, worker));
  return views;
}

/**
 * WIP per pod, asked of each pod's workflow at scrape time (cached for `cacheMs`): slots
 * held by lane, the limit, the queue and utilisation. A pod whose workflow has not
 * started, or does not answer in time, is left out of that scrape.
 */
export function registerWipMetrics(
  registry: Registry,
  deps: { temporal: Client; config: ConfigSource },
  options: { cacheMs: number; timeoutMs: number; onError: (error: unknown) => void },
): void {
  const views = cached(options.cacheMs, () =>
    queryPods(deps.temporal, deps.config.current().pods.map((p) => p.id), options.timeoutMs, options.onError),
  );
  const gauge = (name: string, help: string, labelNames: readonly string[], fill: (g: Gauge<string>, view: PodWipView) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const all = await views();
        this.reset();
        for (const view of all) fill(this, view);
      },
    });
  gauge('clos_wip_holders', 'Work items holding a WIP slot, by pod and lane', ['pod', 'lane'], (g, v) => {
    const regular = v.holders.filter((h) => h.lane === 'regular').length;
    g.set({ pod: v.podId, lane: 'regular' }, regular);
    g.set({ pod: v.podId, lane: 'expedite' }, v.holders.length - regular);
  });
  gauge('clos_wip_limit', 'WIP limit in force, by pod', ['pod'], (g, v) => g.set({ pod: v.podId }, v.policy.limit));
  gauge('clos_wip_queue_length', 'Work items queued for a WIP slot, by pod', ['pod'], (g, v) => g.set({ pod: v.podId }, v.queue.length));
  gauge('clos_wip_utilisation', 'Regular WIP slots held over the limit (0 when the limit is 0), by pod', ['pod'], (g, v) => {
    const regular = v.holders.filter((h) => h.lane === 'regular').length;
    g.set({ pod: v.podId }, v.policy.limit > 0 ? regular / v.policy.limit : 0);
  });
}
