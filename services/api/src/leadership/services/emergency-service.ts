import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { addDays, breakerRecords, type BreakerEvent, checkinRecords, decisionRecords } from '@clos/platform';
import { BREAKER_WARN_SIGNALS, healthSignals, type HealthSignal } from './health-signals.js';
import { leadershipCallers, type LeadershipCaller } from './leadership-context.js';

/** The personal circuit breaker: health signals, simplified mode, recovery. */
export function emergencyService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);
  const signalsOf = async (c: LeadershipCaller): Promise<HealthSignal[]> => {
    const recent = await checkinRecords(deps.pool, c.cipher, c.personId).list(addDays(c.today, -13), c.today);
    const open = await decisionRecords(deps.pool, c.cipher, c.personId).list({ open: true, limit: 200 }, c.now);
    return healthSignals(recent, open);
  };
  const failing = (signals: HealthSignal[]) => signals.filter((s) => s.failing).map((s) => s.name);

  return {
    /** The signals now, whether they warn, and the breaker if active. */
    async checkBreaker(ctx: CallContext, _input: Record<string, never>) {
      const c = await caller(ctx);
      const signals = await signalsOf(c);
      const names = failing(signals);
      return {
        signals,
        failing: names,
        warn: names.length >= BREAKER_WARN_SIGNALS,
        active: (await breakerRecords(deps.pool, c.cipher, c.personId).active()) ?? null,
      };
    },
    /** Enters simplified mode: one focus, the rest parked, until deactivated. */
    async activateBreaker(ctx: CallContext, input: { reason: string }): Promise<BreakerEvent> {
      const c = await caller(ctx);
      const signals = failing(await signalsOf(c));
      return breakerRecords(deps.pool, c.cipher, c.personId).activate({ reason: input.reason, signals, at: c.now });
    },
    /** Leaves simplified mode, recording the signals still failing (the recovery). */
    async deactivateBreaker(ctx: CallContext, _input: Record<string, never>): Promise<BreakerEvent> {
      const c = await caller(ctx);
      const signals = failing(await signalsOf(c));
      return breakerRecords(deps.pool, c.cipher, c.personId).deactivate({ signals, at: c.now });
    },
    async breakerHistory(ctx: CallContext, input: { limit: number }): Promise<{ items: BreakerEvent[] }> {
      const c = await caller(ctx);
      return { items: await breakerRecords(deps.pool, c.cipher, c.personId).history(input.limit) };
    },
  };
}
