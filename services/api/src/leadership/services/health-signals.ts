import type { Checkin, Decision } from '@clos/platform';

/** A personal health signal the circuit breaker watches. */
export interface HealthSignal {
  name: 'stress' | 'tension' | 'completion' | 'decisions';
  failing: boolean;
  value: number | null;
  threshold: string;
}

/** Signals failing at once before the breaker warns. */
export const BREAKER_WARN_SIGNALS = 2;

/**
 * The breaker's four signals from the last 14 days of check-ins (newest last) and the open
 * decisions: average stress of the last 7 check-ins at 7 or more; tension on 3 or more of
 * them; under 60 % of missions delivered or delegated over 2 weeks (from 5 missions on);
 * any decision open past 48 hours.
 */
export function healthSignals(checkins: readonly Checkin[], openDecisions: readonly Decision[]): HealthSignal[] {
  const lastWeek = checkins.slice(-7);
  const stress = lastWeek.length === 0 ? null : lastWeek.reduce((sum, c) => sum + c.stress, 0) / lastWeek.length;
  const tensionDays = lastWeek.filter((c) => c.tension).length;
  // Judged over days that had a mission; too few of them is no signal either way.
  const withMission = checkins.filter((c) => c.mission !== null);
  const done = withMission.filter((c) => c.completion === 'delivered' || c.completion === 'delegated').length;
  const completion = withMission.length < 5 ? null : done / withMission.length;
  const overdue = openDecisions.filter((d) => d.overdue).length;
  return [
    { name: 'stress', failing: stress !== null && stress >= 7, value: stress === null ? null : Math.round(stress * 10) / 10, threshold: 'average stress of the last 7 check-ins below 7' },
    { name: 'tension', failing: tensionDays >= 3, value: tensionDays, threshold: 'tension on fewer than 3 of the last 7 check-ins' },
    { name: 'completion', failing: completion !== null && completion < 0.6, value: completion === null ? null : Math.round(completion * 100) / 100, threshold: '60 % or more of missions delivered or delegated over 2 weeks' },
    { name: 'decisions', failing: overdue > 0, value: overdue, threshold: 'no decision open past 48 hours' },
  ];
}
