import { z } from 'zod';
import { HEALTH_METRICS } from '@clos/domain';
import { idSchema, pageQuerySchema, pageSchema, timestamp } from './common.js';

const metric = z.enum(HEALTH_METRICS);

/** One metric's part in a pod's health score (docs/health-score.md). */
export const healthComponentSchema = z.object({
  metric,
  value: z.number(),
  score: z.number().int().describe('0-100'),
  weight: z.number(),
  failing: z.boolean(),
  detail: z.string(),
});

/** A pod's latest health with its recent trend. */
export const podHealthSummarySchema = z.object({
  podId: z.string(),
  name: z.string(),
  score: z.number().int().nullable().describe('0-100; null until the first scan'),
  at: timestamp.nullable().describe('When the latest scan ran'),
  trend: z.array(z.object({ at: timestamp, score: z.number().int() })).describe('The last 14 scans, oldest first'),
  failing: z.array(metric),
  components: z.array(healthComponentSchema),
});

export const healthOverviewSchema = z.object({
  generatedAt: timestamp,
  pods: z.array(podHealthSummarySchema),
});

export const healthScanResultSchema = z.object({
  at: timestamp.describe('The time the pods were scored at'),
  pods: z.array(z.object({ podId: z.string(), score: z.number().int(), failing: z.array(metric) })).describe('One score per pod'),
});

export const podHealthQuerySchema = pageQuerySchema;

export const podHealthSchema = z.object({
  podId: z.string(),
  current: z
    .object({ at: timestamp, score: z.number().int(), components: z.array(healthComponentSchema), failing: z.array(metric) })
    .nullable()
    .describe('The latest scan; null until the first'),
  history: pageSchema(z.object({ at: timestamp, score: z.number().int(), failing: z.array(metric) })).describe('Scans, newest first'),
});

export const podFlowQuerySchema = z.object({
  days: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(365, 'must be at most 365')
    .default(30)
    .describe('Window length in days, ending now (1-365, default 30)'),
});

const hours = z.number().nullable();
const rate = z.number().min(0).max(1).nullable();

export const podFlowSchema = z.object({
  podId: z.string(),
  window: z.object({ from: timestamp, to: timestamp, days: z.number().int() }),
  cycleTimeHours: z.object({ p50: hours, p85: hours, count: z.number().int() }).describe('First activity of a PR to its merge'),
  throughput: z.array(z.object({ weekStart: z.string().describe('Monday, YYYY-MM-DD (UTC)'), count: z.number().int() })),
  cycleTime: z.array(z.object({ weekStart: z.string(), p50Hours: hours })),
  wipAge: z.array(z.object({ itemId: z.string(), title: z.string().nullable(), url: z.string().nullable(), ageHours: z.number() })),
  dora: z.object({
    deploymentsPerWeek: z.number(),
    leadTimeHours: hours,
    changeFailureRate: rate,
    timeToRestoreHours: hours,
    reworkRate: rate,
    deployments: z.number().int(),
  }),
});

export const funnelSchema = z.object({
  stages: z.array(
    z.object({
      template: z.string(),
      stageId: z.string(),
      name: z.string(),
      order: z.number().int(),
      count: z.number().int().describe('Projects in this stage now'),
      medianDaysInStage: z.number().nullable().describe('Of the projects in it now; null when none'),
      conversion: z.number().min(0).max(1).nullable().describe('Share of projects that entered this stage and went on to the next; null for the last stage or when none entered'),
    }),
  ),
  ideas: z.object({ accepted: z.number().int(), open: z.number().int() }),
});

export const streamQuerySchema = z.object({
  podId: idSchema.optional().describe('Only events of this pod'),
});

/** The `data:` of one `activity` event of the stream. */
export const activitySchema = z.object({
  id: z.string(),
  seq: z.string(),
  type: z.string(),
  occurredAt: timestamp,
  receivedAt: timestamp,
  subject: z.object({
    podId: z.string().optional(),
    projectId: z.string().optional(),
    workItemId: z.string().optional(),
    personId: z.string().optional(),
  }),
  summary: z.string(),
});
