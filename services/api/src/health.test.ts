import { runHealthChecks, type HealthCheck } from './health.js';

const ok = (name: string): HealthCheck => ({ name, check: async () => undefined });

describe('runHealthChecks', () => {
  it('is ok when every check resolves', async () => {
    await expect(runHealthChecks([ok('postgres'), ok('temporal')], 100)).resolves.toEqual({
      status: 'ok',
      checks: { postgres: 'ok', temporal: 'ok' },
    });
  });

  it('names a check that rejects, with its reason', async () => {
    const report = await runHealthChecks(
      [ok('postgres'), { name: 'dynamodb', check: async () => Promise.reject(new Error('connect ECONNREFUSED')) }],
      100,
    );
    expect(report).toEqual({
      status: 'failing',
      checks: { postgres: 'ok', dynamodb: 'failing' },
      errors: { dynamodb: 'connect ECONNREFUSED' },
    });
  });

  it('fails a check that hangs once its timeout passes, and aborts it', async () => {
    let aborted = false;
    const hanging: HealthCheck = {
      name: 'temporal',
      check: (signal) =>
        new Promise(() => {
          signal.addEventListener('abort', () => (aborted = true));
        }),
    };
    const started = Date.now();
    const report = await runHealthChecks([hanging], 50);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.checks).toEqual({ temporal: 'failing' });
    expect(report.errors).toEqual({ temporal: 'no answer within 50 ms' });
    expect(aborted).toBe(true);
  });
});
