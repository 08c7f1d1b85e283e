import { linearRegression, mean, sampleCorrelation } from 'simple-statistics';
import { type Checkin, DECISION_TYPES, type DecisionType, type Delegation, type ParalysisEpisode, weekStart } from '@clos/platform';

/** Fewest observations before an analysis states a finding; below it, it says how many more it needs. */
export const MIN_SAMPLE = { trendWeeks: 4, paralysis: 5, delegations: 8, checkins: 7 } as const;

/** A finding, or why there is none yet. */
export type Finding<T> = { enough: true; n: number; result: T } | { enough: false; n: number; needed: number; message: string };

const notEnough = <T>(n: number, needed: number, what: string): Finding<T> => ({
  enough: false,
  n,
  needed,
  message: `Not enough data: ${n} ${what}, at least ${needed} needed before claiming anything`,
});
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Two-sided 95 % t quantiles by degrees of freedom (small samples), 1.96 beyond. */
function t95(df: number): number {
  const table = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.1, 2.09, 2.09];
  return df >= 1 && df <= table.length ? table[df - 1]! : df > table.length ? 2.05 : Number.NaN;
}

/** Weekly completion rate and its trend: the least-squares slope per week with a 95 % interval. */
export function shippingTrend(checkins: readonly Checkin[]) {
  const weeks = new Map<string, { done: number; missions: number }>();
  for (const c of checkins) {
    if (c.mission === null) continue;
    const w = weeks.get(weekStart(c.date)) ?? { done: 0, missions: 0 };
    w.missions += 1;
    if (c.completion === 'delivered' || c.completion === 'delegated') w.done += 1;
    weeks.set(weekStart(c.date), w);
  }
  const series = [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, w]) => ({ week, rate: round(w.done / w.missions) }));
  if (series.length < MIN_SAMPLE.trendWeeks) return { series, trend: notEnough<never>(series.length, MIN_SAMPLE.trendWeeks, 'weeks with missions') };
  const points = series.map((s, i) => [i, s.rate] as [number, number]);
  const { m, b } = linearRegression(points);
  const n = points.length;
  const residual = points.reduce((sum, [x, y]) => sum + (y - (m * x + b)) ** 2, 0);
  const xMean = mean(points.map(([x]) => x));
  const sxx = points.reduce((sum, [x]) => sum + (x - xMean) ** 2, 0);
  const se = Math.sqrt(residual / (n - 2) / sxx);
  const half = t95(n - 2) * se;
  const low = m - half;
  const high = m + half;
  return {
    series,
    trend: {
      enough: true as const,
      n,
      result: {
        slopePerWeek: round(m, 3),
        confidence95: [round(low, 3), round(high, 3)],
        direction: low > 0 ? 'improving' : high < 0 ? 'declining' : 'no clear trend',
      },
    },
  };
}

/** The decision types an episode counts under: its linked decision's, or unlinked. */
export const PARALYSIS_DECISION_TYPES = [...DECISION_TYPES, 'unlinked'] as const;
export type ParalysisDecisionType = (typeof PARALYSIS_DECISION_TYPES)[number];

/**
 * When paralysis strikes: by weekday, energy and stress, against the days without it, and by
 * the type of the decision it is stuck on. `decisionTypes` holds the type of each linked
 * decision; an episode linked to none of them counts as unlinked.
 */
export function paralysisTriggers(episodes: readonly ParalysisEpisode[], checkins: readonly Checkin[], decisionTypes: ReadonlyMap<string, DecisionType>): Finding<unknown> {
  if (episodes.length < MIN_SAMPLE.paralysis) return notEnough(episodes.length, MIN_SAMPLE.paralysis, 'paralysis episodes');
  const weekday = (date: string) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${date}T00:00:00Z`).getUTCDay()]!;
  const tally = <K extends string>(keys: K[]) => keys.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
  const episodeDays = new Set(episodes.map((e) => e.date));
  const stressWith = episodes.filter((e) => e.stress !== null).map((e) => e.stress!);
  const stressWithout = checkins.filter((c) => !episodeDays.has(c.date)).map((c) => c.stress);
  const types = episodes.map((e): ParalysisDecisionType => (e.decisionId === null ? undefined : decisionTypes.get(e.decisionId)) ?? 'unlinked');
  // A type's share is the mean of "this episode is of that type" (1 or 0) over all episodes.
  const byDecisionType = Object.fromEntries(
    PARALYSIS_DECISION_TYPES.map((type) => {
      const of = types.map((t) => (t === type ? 1 : 0));
      return [type, { episodes: of.filter(Boolean).length, share: round(mean(of)) }];
    }),
  ) as Record<ParalysisDecisionType, { episodes: number; share: number }>;
  return {
    enough: true,
    n: episodes.length,
    result: {
      byWeekday: tally(episodes.map((e) => weekday(e.date))),
      byEnergy: tally(episodes.filter((e) => e.energy !== null).map((e) => e.energy!)),
      byDecisionType,
      averageStressOnParalysisDays: stressWith.length ? round(mean(stressWith), 1) : null,
      averageStressOtherDays: stressWithout.length ? round(mean(stressWithout), 1) : null,
    },
  };
}

/** What predicts a delegation being owned: control impulse, handoff, delegate. */
export function delegationPredictors(delegations: readonly Delegation[]): Finding<unknown> {
  const closed = delegations.filter((d) => d.outcome !== null);
  if (closed.length < MIN_SAMPLE.delegations) return notEnough(closed.length, MIN_SAMPLE.delegations, 'delegations with an outcome');
  const owned = closed.map((d) => (d.outcome === 'owned' ? 1 : 0));
  const rate = (list: readonly Delegation[]) => (list.length === 0 ? null : round(list.filter((d) => d.outcome === 'owned').length / list.length));
  const impulses = closed.map((d) => d.controlImpulse);
  const varies = (xs: number[]) => new Set(xs).size > 1;
  const byDelegate: Record<string, { n: number; successRate: number | null }> = {};
  for (const to of new Set(closed.map((d) => d.to))) {
    const theirs = closed.filter((d) => d.to === to);
    byDelegate[to] = { n: theirs.length, successRate: rate(theirs) };
  }
  return {
    enough: true,
    n: closed.length,
    result: {
      successRate: rate(closed),
      controlImpulseCorrelation: varies(impulses) && varies(owned) ? round(sampleCorrelation(impulses, owned)) : null,
      withHandoff: rate(closed.filter((d) => d.handoffDone)),
      withoutHandoff: rate(closed.filter((d) => !d.handoffDone)),
      byDelegate,
    },
  };
}

/** Energy, stress and completion over the period. */
export function dailyPatterns(checkins: readonly Checkin[]): Finding<unknown> {
  if (checkins.length < MIN_SAMPLE.checkins) return notEnough(checkins.length, MIN_SAMPLE.checkins, 'check-ins');
  const byEnergy: Record<string, { days: number; completionRate: number | null }> = {};
  for (const energy of ['high', 'medium', 'low'] as const) {
    const days = checkins.filter((c) => c.energy === energy);
    const missions = days.filter((c) => c.mission !== null);
    byEnergy[energy] = {
      days: days.length,
      completionRate: missions.length === 0 ? null : round(missions.filter((c) => c.completion === 'delivered' || c.completion === 'delegated').length / missions.length),
    };
  }
  return {
    enough: true,
    n: checkins.length,
    result: {
      averageStress: round(mean(checkins.map((c) => c.stress)), 1),
      tensionDays: checkins.filter((c) => c.tension).length,
      circularDays: checkins.filter((c) => c.circular).length,
      byEnergy,
    },
  };
}
