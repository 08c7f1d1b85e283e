import { createTestDatabase } from '@clos/devstack';
import pg from 'pg';
import { Registry } from 'prom-client';
import { registerDigestMetrics } from './digest-metrics.js';

describe('digest metrics', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 2 });
  });
  afterAll(async () => {
    await pool.end();
  });

  it('exposes digests, tokens and cost from the digests record', async () => {
    const row = (person: string, kind: string, writer: string, model: string | null, input: number, output: number, cost: number, status: string) =>
      pool.query(
        `INSERT INTO digests (org_id, person_id, kind, local_day, timezone, trigger, claimed_by, status, writer, model, input_tokens, output_tokens, cost_usd, sent_at)
         VALUES ('acme', $1, $2, '2026-12-07', 'UTC', 'schedule', 'run', $3, $4, $5, $6, $7, $8, CASE WHEN $3 = 'sent' THEN now() END)`,
        [person, kind, status, writer, model, input, output, cost],
      );
    await row('ada', 'morning', 'anthropic', 'claude-haiku-4-5', 400, 100, 0.0009, 'sent');
    await row('grace', 'morning', 'anthropic', 'claude-haiku-4-5', 300, 50, 0.00055, 'sent');
    await row('bob', 'evening', 'template', 'claude-haiku-4-5', 200, 20, 0.0003, 'failed');
    await row('eve', 'evening', 'template', null, 0, 0, 0, 'sent');
    const registry = new Registry();
    const errors: unknown[] = [];
    registerDigestMetrics(registry, pool, { cacheMs: 0, onError: (e) => errors.push(e) });
    const text = await registry.metrics();
    expect(errors).toEqual([]);
    expect(text).toContain('clos_digests_total{kind="morning",writer="anthropic",status="sent"} 2');
    expect(text).toContain('clos_digests_total{kind="evening",writer="template",status="failed"} 1');
    expect(text).toContain('clos_llm_tokens_total{writer="anthropic",model="claude-haiku-4-5",direction="input"} 700');
    expect(text).toContain('clos_llm_tokens_total{writer="anthropic",model="claude-haiku-4-5",direction="output"} 150');
    // A refused answer's tokens count too: they were paid for.
    expect(text).toContain('clos_llm_tokens_total{writer="template",model="claude-haiku-4-5",direction="input"} 200');
    expect(text).toMatch(/clos_llm_cost_usd_total\{writer="anthropic",model="claude-haiku-4-5"\} 0\.00145/);
  });
});
