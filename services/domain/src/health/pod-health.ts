import { invalidInput } from '../errors.js';
import { DEFAULT_HEALTH_THRESHOLDS, HEALTH_METRICS, type HealthMetric, type HealthThresholds } from './health-metrics.js';

/**
 * A pod's measurements over the scan window (the hourly scan uses the last 7 days). A
 * metric left out or `null` is unknown — for example a pod that does not run standups —
 * and is left out of the score rather than counted as good or bad.
 */
export interface PodHealthInput {
  /** Demand on the WIP limit: (regular holders + queued) / limit. See {@link wipUtilisationOf}. */
  wipUtilisation?: number | null;
  /** Work started over the limit in the window (observe/warn grants over it, overrides). */
  wipViolations?: number | null;
  /** Age in days of the oldest open blocker. */
  blockerAgeDays?: number | null;
  /** Worst project of the pod: days in its current stage / that stage's time limit. */
  timeInStageRatio?: number | null;
  /** Share (0..1) of expected standups that were posted in the window. */
  standupParticipation?: number | null;
  /** Stage gate escalations in the window. */
  escalations?: number | null;
  /** The pod's thresholds from clos.yml; unset ones take {@link DEFAULT_HEALTH_THRESHOLDS}. */
  thresholds?: Partial<HealthThresholds>;
}

/** One metric's part in the score. */
export interface HealthComponent {
  metric: HealthMetric;
  value: number;
  /** 0..100, integer. */
  score: number;
  /** The metric's published weight (before renormalising over known metrics). */
  weight: number;
  /** Past the metric's threshold. */
  failing: boolean;
  detail: string;
}

/** A pod's health. */
export interface PodHealth {
  /** 0..100, integer: weighted mean of the known components' scores. */
  score: number;
  components: HealthComponent[];
  /** Metrics past their threshold, in {@link HEALTH_METRICS} order. */
  failing: HealthMetric[];
}

/** Weight of each metric in the score; they add up to 1. */
export const HEALTH_WEIGHTS: Readonly<Record<HealthMetric, number>> = {
  wipUtilisation: 0.2,
  wipViolations: 0.15,
  blockerAgeDays: 0.2,
  timeInStageRatio: 0.2,
  standupParticipation: 0.15,
  escalations: 0.1,
};

/**
 * Where each metric scores 100 (`best`) and 0 (`worst`); linear in between, flat outside.
 * Participation is the one metric where more is better (`best` > `worst`).
 */
export const HEALTH_SCORE_CURVES: Readonly<Record<HealthMetric, { best: number; worst: number }>> = {
  wipUtilisation: { best: 1, worst: 2 },
  wipViolations: { best: 0, worst: 5 },
  blockerAgeDays: { best: 1, worst: 7 },
  timeInStageRatio: { best: 0.5, worst: 2 },
  standupParticipation: { best: 0.9, worst: 0.3 },
  escalations: { best: 0, worst: 4 },
};

/** Demand on a WIP limit: (regular holders + queued) / limit; a frozen pod (limit 0) counts as limit 1. */
export function wipUtilisationOf(usage: { regular: number; queued: number; limit: number }): number {
  return (usage.regular + usage.queued) / Math.max(usage.limit, 1);
}

function curveScore(metric: HealthMetric, value: number): number {
  const { best, worst } = HEALTH_SCORE_CURVES[metric];
  const t = (value - best) / (worst - best);
  return 100 * (1 - Math.min(1, Math.max(0, t)));
}

function isFailing(metric: HealthMetric, value: number, threshold: number): boolean {
  return metric === 'standupParticipation' ? value < threshold : value > threshold;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const percent = (n: number) => `${Math.round(n * 100)}%`;

function describe(metric: HealthMetric, value: number, threshold: number): string {
  switch (metric) {
    case 'wipUtilisation':
      return `demand ${round2(value)}× the WIP limit (fails above ${threshold}×)`;
    case 'wipViolations':
      return `${value} started over the limit (fails above ${threshold})`;
    case 'blockerAgeDays':
      return `oldest blocker ${round2(value)} days (fails above ${threshold})`;
    case 'timeInStageRatio':
      return `${percent(value)} of the stage time limit used (fails above ${percent(threshold)})`;
    case 'standupParticipation':
      return `${percent(value)} of standups posted (fails below ${percent(threshold)})`;
    case 'escalations':
      return `${value} gate escalations (fails above ${threshold})`;
  }
}

/**
 * The pod health score (docs/health-score.md): each known metric is scored 0..100 on its
 * curve, the score is their weighted mean, and a metric past its threshold is failing.
 * Throws `InvalidInput` for a negative, non-finite or out-of-range value.
 */
export function computePodHealth(input: PodHealthInput): PodHealth {
  const thresholds: HealthThresholds = { ...DEFAULT_HEALTH_THRESHOLDS };
  for (const metric of HEALTH_METRICS) {
    const own = input.thresholds?.[metric];
    if (own !== undefined) thresholds[metric] = own;
  }
  const components: HealthComponent[] = [];
  let weighted = 0;
  let weights = 0;
  for (const metric of HEALTH_METRICS) {
    const value = input[metric];
    if (value === undefined || value === null) continue;
    if (!Number.isFinite(value) || value < 0 || (metric === 'standupParticipation' && value > 1)) {
      throw invalidInput(`Invalid health metric ${metric}: ${String(value)} (expected ${metric === 'standupParticipation' ? 'a share from 0 to 1' : 'a number ≥ 0'})`);
    }
    const raw = curveScore(metric, value);
    const weight = HEALTH_WEIGHTS[metric];
    weighted += raw * weight;
    weights += weight;
    const threshold = thresholds[metric];
    components.push({
      metric,
      value,
      score: Math.round(raw),
      weight,
      failing: isFailing(metric, value, threshold),
      detail: describe(metric, value, threshold),
    });
  }
  return {
    score: weights === 0 ? 100 : Math.round(weighted / weights),
    components,
    failing: components.filter((c) => c.failing).map((c) => c.metric),
  };
}
