import { CIRCUIT_BREAKER, circuitBreakerDecision, reducedWipLimit } from './circuit-breaker.js';

const sick = { failing: ['blockerAgeDays', 'escalations'] };
const meh = { failing: ['standupParticipation'] };
const fine = { failing: [] };

describe('circuitBreakerDecision', () => {
  it('trips when 2 or more metrics fail, lowering the limit to 75% rounded down', () => {
    expect(circuitBreakerDecision([], { ...sick, wipLimit: 4, tripped: false })).toEqual({
      trip: true,
      reduceLimitTo: 3,
      recovered: false,
      reason: '2 metrics failing (blockerAgeDays, escalations); WIP limit lowered from 4 to 3',
    });
    expect(circuitBreakerDecision([], { ...meh, wipLimit: 4, tripped: false })).toMatchObject({ trip: false, recovered: false });
  });

  it('trips without lowering a limit of 1', () => {
    const decision = circuitBreakerDecision([], { ...sick, wipLimit: 1, tripped: false });
    expect(decision.trip).toBe(true);
    expect(decision).not.toHaveProperty('reduceLimitTo');
  });

  it('does not lower again while tripped', () => {
    expect(circuitBreakerDecision([sick], { ...sick, wipLimit: 3, tripped: true, limitBeforeTrip: 4 })).toEqual({
      trip: false,
      recovered: false,
      reason: 'still 2 metrics failing (blockerAgeDays, escalations); limit stays lowered',
    });
  });

  it('recovers after 3 scans in a row with fewer than 2 failing metrics, restoring the limit', () => {
    const tripped = { wipLimit: 3, tripped: true, limitBeforeTrip: 4 };
    expect(circuitBreakerDecision([sick, fine], { ...meh, ...tripped }).recovered).toBe(false);
    expect(circuitBreakerDecision([sick, fine, meh], { ...fine, ...tripped })).toMatchObject({
      trip: false,
      recovered: true,
      restoreLimitTo: 4,
    });
    expect(circuitBreakerDecision([fine, meh], { ...fine, wipLimit: 3, tripped: true })).not.toHaveProperty('restoreLimitTo');
    expect(circuitBreakerDecision([fine], { ...fine, ...tripped }).recovered).toBe(false);
  });

  it('publishes its constants', () => {
    expect(CIRCUIT_BREAKER).toEqual({ tripAt: 2, reduceFactor: 0.75, recoverAfterScans: 3 });
    expect([1, 2, 3, 4, 5, 10].map(reducedWipLimit)).toEqual([1, 1, 2, 3, 3, 7]);
  });
});
