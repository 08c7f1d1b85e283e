import fc from 'fast-check';
import { DEFAULT_HEALTH_THRESHOLDS, HEALTH_METRICS } from './health-metrics.js';
import { computePodHealth, HEALTH_WEIGHTS, wipUtilisationOf } from './pod-health.js';

const healthy = {
  wipUtilisation: 0.8,
  wipViolations: 0,
  blockerAgeDays: 0.5,
  timeInStageRatio: 0.4,
  standupParticipation: 1,
  escalations: 0,
};

describe('computePodHealth', () => {
  it('publishes weights that add up to 1', () => {
    expect(Object.keys(HEALTH_WEIGHTS)).toEqual([...HEALTH_METRICS]);
    expect(Object.values(HEALTH_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('scores a healthy pod 100 with nothing failing', () => {
    const health = computePodHealth(healthy);
    expect(health.score).toBe(100);
    expect(health.failing).toEqual([]);
    expect(health.components.map((c) => c.metric)).toEqual([...HEALTH_METRICS]);
    expect(health.components[0]).toEqual({
      metric: 'wipUtilisation',
      value: 0.8,
      score: 100,
      weight: 0.2,
      failing: false,
      detail: 'demand 0.8× the WIP limit (fails above 1.5×)',
    });
  });

  it('scores each metric linearly between its best and worst points', () => {
    const health = computePodHealth({ ...healthy, blockerAgeDays: 4, standupParticipation: 0.6 });
    const blocker = health.components.find((c) => c.metric === 'blockerAgeDays');
    const standup = health.components.find((c) => c.metric === 'standupParticipation');
    expect(blocker).toMatchObject({ score: 50, failing: true, detail: 'oldest blocker 4 days (fails above 3)' });
    expect(standup).toMatchObject({ score: 50, failing: false, detail: '60% of standups posted (fails below 60%)' });
    // 100 − 0.2 × 50 − 0.15 × 50 = 82.5 → 83
    expect(health.score).toBe(83);
    expect(health.failing).toEqual(['blockerAgeDays']);
  });

  it('fails each metric strictly past its threshold', () => {
    const at = computePodHealth(DEFAULT_HEALTH_THRESHOLDS);
    expect(at.failing).toEqual([]);
    const past = computePodHealth({
      wipUtilisation: 1.51,
      wipViolations: 3,
      blockerAgeDays: 3.1,
      timeInStageRatio: 1.01,
      standupParticipation: 0.59,
      escalations: 2,
    });
    expect(past.failing).toEqual([...HEALTH_METRICS]);
  });

  it('honours the pod’s own thresholds', () => {
    expect(computePodHealth({ ...healthy, blockerAgeDays: 4, thresholds: { blockerAgeDays: 5 } }).failing).toEqual([]);
    expect(computePodHealth({ ...healthy, standupParticipation: 0.8, thresholds: { standupParticipation: 0.9 } }).failing).toEqual([
      'standupParticipation',
    ]);
  });

  it('leaves unknown metrics out and renormalises the weights', () => {
    const health = computePodHealth({ blockerAgeDays: 7, escalations: null, standupParticipation: undefined, wipUtilisation: 1 });
    expect(health.components.map((c) => c.metric)).toEqual(['wipUtilisation', 'blockerAgeDays']);
    expect(health.score).toBe(50);
    expect(computePodHealth({})).toEqual({ score: 100, components: [], failing: [] });
  });

  it('refuses impossible values, naming the metric', () => {
    expect(() => computePodHealth({ blockerAgeDays: -1 })).toThrow(/blockerAgeDays/);
    expect(() => computePodHealth({ standupParticipation: 1.2 })).toThrow(/standupParticipation.*0 to 1/);
    expect(() => computePodHealth({ escalations: Number.NaN })).toThrow(/escalations/);
  });

  it('keeps the score within 0..100 and never rises when a metric worsens', () => {
    const value = (max: number) => fc.option(fc.double({ min: 0, max, noNaN: true }), { nil: undefined });
    const input = fc.record({
      wipUtilisation: value(4),
      wipViolations: value(10),
      blockerAgeDays: value(20),
      timeInStageRatio: value(4),
      standupParticipation: value(1),
      escalations: value(10),
    });
    fc.assert(
      fc.property(input, fc.constantFrom(...HEALTH_METRICS), fc.double({ min: 0, max: 5, noNaN: true }), (i, metric, delta) => {
        const health = computePodHealth(i);
        expect(Number.isInteger(health.score)).toBe(true);
        expect(health.score).toBeGreaterThanOrEqual(0);
        expect(health.score).toBeLessThanOrEqual(100);
        expect(health.failing).toEqual(health.components.filter((c) => c.failing).map((c) => c.metric));
        const current = i[metric];
        if (current === undefined) return;
        const worse =
          metric === 'standupParticipation' ? { ...i, [metric]: Math.max(0, current - delta) } : { ...i, [metric]: current + delta };
        expect(computePodHealth(worse).score).toBeLessThanOrEqual(health.score);
      }),
    );
  });
});

describe('wipUtilisationOf', () => {
  it('measures demand against the limit', () => {
    expect(wipUtilisationOf({ regular: 3, queued: 2, limit: 3 })).toBeCloseTo(5 / 3);
    expect(wipUtilisationOf({ regular: 0, queued: 0, limit: 0 })).toBe(0);
    expect(wipUtilisationOf({ regular: 1, queued: 1, limit: 0 })).toBe(2);
  });
});
