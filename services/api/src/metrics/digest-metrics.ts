import type { Queryable } from '@clos/platform';
import { Counter, type Registry } from 'prom-client';
import { cached } from './cached.js';

interface DigestTotals {
  digests: { kind: string; writer: string; status: string; n: number }[];
  usage: { writer: string; model: string; input: number; output: number; cost: number }[];
}

/**
 * Digests and the model calls behind them, read at scrape time from the digests record
 * (the worker, which makes the calls, serves no metrics; every call's tokens and cost are
 * on its digest's row). Totals only grow, so they are exposed as counters set to the sums.
 */
export function registerDigestMetrics(registry: Registry, db: Queryable, options: { cacheMs: number; onError: (error: unknown) => void }): void {
  const totals = cached(options.cacheMs, async (): Promise<DigestTotals> => {
    const digests = await db.query<{ kind: string; writer: string | null; status: string; n: string }>(
      `SELECT kind, writer, status, count(*) AS n FROM digests GROUP BY kind, writer, status`,
    );
    const usage = await db.query<{ writer: string; model: string | null; input: string; output: string; cost: string }>(
      `SELECT writer, model, sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cost_usd) AS cost
         FROM digests WHERE writer IS NOT NULL AND model IS NOT NULL GROUP BY writer, model`,
    );
    return {
      digests: digests.rows.map((r) => ({ kind: r.kind, writer: r.writer ?? 'none', status: r.status, n: Number(r.n) })),
      usage: usage.rows.map((r) => ({ writer: r.writer, model: r.model ?? 'none', input: Number(r.input), output: Number(r.output), cost: Number(r.cost) })),
    };
  });
  const fill = async (fn: (t: DigestTotals) => void): Promise<void> => {
    try {
      fn(await totals());
    } catch (error) {
      options.onError(error);
    }
  };
  new Counter({
    name: 'clos_digests_total',
    help: 'Digests by kind, writer (anthropic, openai, template) and status (sent, failed, …)',
    labelNames: ['kind', 'writer', 'status'] as const,
    registers: [registry],
    async collect() {
      await fill((t) => {
        this.reset();
        for (const d of t.digests) this.inc({ kind: d.kind, writer: d.writer, status: d.status }, d.n);
      });
    },
  });
  new Counter({
    name: 'clos_llm_tokens_total',
    help: 'Model tokens spent on digests, by writer, model and direction (input, output); includes answers that were refused',
    labelNames: ['writer', 'model', 'direction'] as const,
    registers: [registry],
    async collect() {
      await fill((t) => {
        this.reset();
        for (const u of t.usage) {
          this.inc({ writer: u.writer, model: u.model, direction: 'input' }, u.input);
          this.inc({ writer: u.writer, model: u.model, direction: 'output' }, u.output);
        }
      });
    },
  });
  new Counter({
    name: 'clos_llm_cost_usd_total',
    help: 'Model cost of digests in US dollars, by writer and model',
    labelNames: ['writer', 'model'] as const,
    registers: [registry],
    async collect() {
      await fill((t) => {
        this.reset();
        for (const u of t.usage) this.inc({ writer: u.writer, model: u.model }, u.cost);
      });
    },
  });
}
