import { z } from 'zod';

/** The measurements a pod's health score is made of. See docs/health-score.md. */
export const HEALTH_METRICS = [
  'wipUtilisation',
  'wipViolations',
  'blockerAgeDays',
  'timeInStageRatio',
  'standupParticipation',
  'escalations',
] as const;

/** One of {@link HEALTH_METRICS}. */
export type HealthMetric = (typeof HEALTH_METRICS)[number];

/**
 * The value at which each metric counts as failing. Participation fails *below* its
 * threshold; every other metric fails *above* its threshold.
 */
export type HealthThresholds = Record<HealthMetric, number>;

/** Thresholds used where clos.yml sets none. */
export const DEFAULT_HEALTH_THRESHOLDS: Readonly<HealthThresholds> = {
  wipUtilisation: 1.5,
  wipViolations: 2,
  blockerAgeDays: 3,
  timeInStageRatio: 1,
  standupParticipation: 0.6,
  escalations: 1,
};

/** A pod's own thresholds in clos.yml; unset ones take {@link DEFAULT_HEALTH_THRESHOLDS}. */
export const healthThresholdsSchema = z.strictObject({
  wipUtilisation: z.number().positive().optional(),
  wipViolations: z.number().min(0).optional(),
  blockerAgeDays: z.number().min(0).optional(),
  timeInStageRatio: z.number().positive().optional(),
  standupParticipation: z.number().min(0).max(1).optional(),
  escalations: z.number().min(0).optional(),
});
