import fc from 'fast-check';
import { doraMetrics, finishedDeployments, isProductionEnvironment, type DeploymentStatusFact } from './dora.js';
import { flowMetrics } from './flow-metrics.js';
import { percentile, weekStartOf, weekStartsBetween } from './percentile.js';

const window = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' }; // two weeks, Monday to Monday
const deploy = (deploymentId: number, state: string, at: string, repo = 'acme/pay', environment = 'production'): DeploymentStatusFact => ({
  repo,
  environment,
  deploymentId,
  state,
  at,
});

describe('percentile and weeks', () => {
  it('interpolates between the closest ranks', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([4], 0.85)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 0, 20, 30, 40], 0.85)).toBe(34);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });

  it('starts weeks on Monday, UTC', () => {
    expect(weekStartOf('2026-03-02T00:00:00Z')).toBe('2026-03-02');
    expect(weekStartOf('2026-03-08T23:59:59Z')).toBe('2026-03-02');
    expect(weekStartOf('2026-03-09T00:00:00Z')).toBe('2026-03-09');
    expect(weekStartOf('1970-01-01T00:00:00Z')).toBe('1969-12-29');
    expect(weekStartsBetween('2026-02-27T10:00:00Z', '2026-03-10T00:00:00Z')).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
  });

  it('keeps any percentile between the smallest and largest value, rising with p', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const at = percentile(values, p)!;
        expect(at).toBeGreaterThanOrEqual(Math.min(...values));
        expect(at).toBeLessThanOrEqual(Math.max(...values));
        expect(percentile(values, Math.min(1, p + 0.1))!).toBeGreaterThanOrEqual(at - 1e-9);
      }),
    );
  });
});

describe('flowMetrics', () => {
  it('measures cycle time, throughput per week and WIP age', () => {
    const flow = flowMetrics({
      window,
      now: window.to,
      merged: [
        { id: 'gh:acme/pay#1', repo: 'acme/pay', startedAt: '2026-03-02T09:00:00.000Z', mergedAt: '2026-03-02T19:00:00.000Z' }, // 10 h
        { id: 'gh:acme/pay#2', repo: 'acme/pay', startedAt: '2026-03-03T09:00:00.000Z', mergedAt: '2026-03-04T05:00:00.000Z' }, // 20 h
        { id: 'gh:acme/pay#3', repo: 'acme/pay', startedAt: '2026-03-09T09:00:00.000Z', mergedAt: '2026-03-11T09:00:00.000Z' }, // 48 h
        { id: 'gh:acme/pay#0', repo: 'acme/pay', startedAt: '2026-02-01T09:00:00.000Z', mergedAt: '2026-02-20T09:00:00.000Z' }, // before the window
      ],
      open: [
        { id: 'gh:acme/pay#5', title: 'New', url: null, startedAt: '2026-03-15T12:00:00.000Z' },
        { id: 'gh:acme/pay#4', title: 'Old', url: 'https://github.com/acme/pay/pull/4', startedAt: '2026-03-13T00:00:00.000Z' },
      ],
      deployments: [],
    });
    expect(flow.cycleTimeHours).toEqual({ p50: 20, p85: 39.6, count: 3 });
    expect(flow.throughput).toEqual([
      { weekStart: '2026-03-02', count: 2 },
      { weekStart: '2026-03-09', count: 1 },
    ]);
    expect(flow.cycleTime).toEqual([
      { weekStart: '2026-03-02', p50Hours: 15 },
      { weekStart: '2026-03-09', p50Hours: 48 },
    ]);
    expect(flow.wipAge).toEqual([
      { itemId: 'gh:acme/pay#4', title: 'Old', url: 'https://github.com/acme/pay/pull/4', ageHours: 72 },
      { itemId: 'gh:acme/pay#5', title: 'New', url: null, ageHours: 12 },
    ]);
    expect(flow.dora).toEqual({
      deploymentsPerWeek: 0,
      leadTimeHours: null,
      changeFailureRate: null,
      timeToRestoreHours: null,
      reworkRate: null,
      deployments: 0,
    });
  });

  it('counts every merge of the window exactly once in the weekly throughput', () => {
    const from = Date.parse(window.from);
    const span = Date.parse(window.to) - from;
    const change = fc.record({ start: fc.integer({ min: -span, max: span }), length: fc.integer({ min: 0, max: 10 * 86_400_000 }) });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const merged = changes.map((c, i) => ({
          id: `gh:acme/pay#${i + 1}`,
          repo: 'acme/pay',
          startedAt: new Date(from + c.start).toISOString(),
          mergedAt: new Date(from + c.start + c.length).toISOString(),
        }));
        const flow = flowMetrics({ window, now: window.to, merged, open: [], deployments: [] });
        const inWindow = merged.filter((m) => m.mergedAt >= window.from && m.mergedAt < window.to).length;
        expect(flow.throughput.reduce((sum, w) => sum + w.count, 0)).toBe(inWindow);
        expect(flow.cycleTimeHours.count).toBe(inWindow);
        if (inWindow > 0) expect(flow.cycleTimeHours.p85!).toBeGreaterThanOrEqual(flow.cycleTimeHours.p50!);
      }),
    );
  });
});

describe('doraMetrics', () => {
  it('computes frequency, lead time, change failure rate, time to restore and rework from known deployments', () => {
    const deployments = [
      deploy(1, 'in_progress', '2026-03-03T09:00:00.000Z'),
      deploy(1, 'success', '2026-03-03T10:00:00.000Z'),
      deploy(2, 'failure', '2026-03-05T10:00:00.000Z'),
      deploy(3, 'error', '2026-03-05T12:00:00.000Z'), // still the same incident
      deploy(4, 'success', '2026-03-05T16:00:00.000Z'), // restores it: 6 h after the first failure
      deploy(5, 'success', '2026-03-10T10:00:00.000Z'),
      deploy(6, 'success', '2026-03-11T10:00:00.000Z', 'acme/pay', 'staging'), // not production
      deploy(7, 'in_progress', '2026-03-12T10:00:00.000Z'), // unfinished
    ];
    const merged = [
      { repo: 'acme/pay', startedAt: '2026-03-02T10:00:00.000Z', mergedAt: '2026-03-03T08:00:00.000Z' }, // deployed by #1: 24 h
      { repo: 'acme/pay', startedAt: '2026-03-09T10:00:00.000Z', mergedAt: '2026-03-09T12:00:00.000Z' }, // deployed by #5: 24 h
      { repo: 'acme/pay', startedAt: '2026-03-04T10:00:00.000Z', mergedAt: '2026-03-05T08:00:00.000Z' }, // deployed by #4: 30 h
      { repo: 'acme/other', startedAt: '2026-03-04T10:00:00.000Z', mergedAt: '2026-03-05T08:00:00.000Z' }, // never deployed
    ];
    expect(doraMetrics({ window, merged, deployments })).toEqual({
      deploymentsPerWeek: 1.5, // 3 successes in 2 weeks
      leadTimeHours: 24,
      changeFailureRate: 0.4, // 2 of 5 finished
      timeToRestoreHours: 6,
      reworkRate: 0.33, // 1 of 3 successes restored a failure
      deployments: 5,
    });
  });

  it('takes the last final status of a deployment as its outcome', () => {
    const finished = finishedDeployments([
      deploy(9, 'failure', '2026-03-03T10:00:00.000Z'),
      deploy(9, 'success', '2026-03-03T11:00:00.000Z'),
      deploy(8, 'inactive', '2026-03-03T12:00:00.000Z'),
    ]);
    expect(finished.map((d) => [d.key, d.outcome])).toEqual([['acme/pay#9', 'success']]);
    expect(['production', 'Prod', 'prod-eu', 'staging', 'preprod'].map(isProductionEnvironment)).toEqual([true, true, true, false, false]);
  });

  it('keeps rates within 0..1 and counts every finished deployment of the window', () => {
    const from = Date.parse(window.from);
    const span = Date.parse(window.to) - from;
    const status = fc.record({
      deploymentId: fc.integer({ min: 1, max: 12 }),
      state: fc.constantFrom('success', 'failure', 'error', 'in_progress', 'inactive'),
      offset: fc.integer({ min: -span, max: span }),
    });
    fc.assert(
      fc.property(fc.array(status, { maxLength: 40 }), (statuses) => {
        const deployments = statuses.map((s) => deploy(s.deploymentId, s.state, new Date(from + s.offset).toISOString()));
        const dora = doraMetrics({ window, merged: [], deployments });
        for (const rate of [dora.changeFailureRate, dora.reworkRate]) {
          if (rate !== null) {
            expect(rate).toBeGreaterThanOrEqual(0);
            expect(rate).toBeLessThanOrEqual(1);
          }
        }
        const finishedInWindow = finishedDeployments(deployments).filter((d) => d.iso >= window.from && d.iso < window.to);
        expect(dora.deployments).toBe(finishedInWindow.length);
        expect(dora.timeToRestoreHours === null || dora.timeToRestoreHours >= 0).toBe(true);
      }),
    );
  });
});
