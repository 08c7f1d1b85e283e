import type { Queryable } from '@clos/platform';
import { Gauge, type Registry } from 'prom-client';
import { cached } from './cached.js';

interface LatestHealth {
  podId: string;
  score: number;
  failing: number;
}

/**
 * Each pod's latest health score (0-100) and how many of its metrics fail, read at scrape
 * time from the hourly scan's snapshots (docs/health-score.md). Archived pods are left out.
 */
export function registerHealthMetrics(registry: Registry, db: Queryable, options: { cacheMs: number; onError: (error: unknown) => void }): void {
  const latest = cached(options.cacheMs, async (): Promise<LatestHealth[]> => {
    const { rows } = await db.query<{ pod_id: string; score: number; failing: number }>(
      `SELECT DISTINCT ON (s.pod_id) s.pod_id, s.score, cardinality(s.failing) AS failing
         FROM pod_health_snapshots s JOIN pods p ON p.id = s.pod_id AND p.archived_at IS NULL
        ORDER BY s.pod_id, s.at DESC`,
    );
    return rows.map((r) => ({ podId: r.pod_id, score: r.score, failing: r.failing }));
  });
  const gauge = (name: string, help: string, value: (h: LatestHealth) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['pod'] as const,
      registers: [registry],
      async collect() {
        let all: LatestHealth[];
        try {
          all = await latest();
        } catch (error) {
          options.onError(error);
          return;
        }
        this.reset();
        for (const health of all) this.set({ pod: health.podId }, value(health));
      },
    });
  gauge('clos_pod_health_score', 'Latest health score of each pod, 0-100 (the hourly scan)', (h) => h.score);
  gauge('clos_pod_health_failing_metrics', 'Health metrics past their threshold in the latest scan, by pod', (h) => h.failing);
}
