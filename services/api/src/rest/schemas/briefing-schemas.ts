import { z } from 'zod';
import { idSchema, timestamp } from './common.js';

const personQuery = z.string().min(1).max(200).describe('A person id (clos.yml member); default: the person the token acts for');

/** GET /api/plan's query. */
export const planQuerySchema = z.object({ person: personQuery.optional() });

const workItem = z.object({
  id: z.string(),
  podId: z.string(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  state: z.enum(['held', 'queued']),
  since: timestamp,
  ageDays: z.number(),
  queuePosition: z.number().int().nullable().describe('Place in the queue when it was queued; null while held'),
});

/** A person's plan for today: what a morning digest is written from. */
export const planSchema = z.object({
  person: z.object({ id: z.string(), name: z.string().nullable() }),
  day: z.string().describe("Today in the organisation's time zone, YYYY-MM-DD"),
  generatedAt: timestamp,
  inProgress: z.array(workItem),
  queued: z.array(workItem),
  reviews: z
    .array(z.object({ id: z.string(), podId: z.string(), title: z.string().nullable(), url: z.string().nullable(), authorId: z.string().nullable(), waitingDays: z.number() }))
    .describe("Teammates' open PRs without a review yet, oldest first"),
  gates: z.array(
    z.object({
      projectId: z.string(),
      name: z.string(),
      podId: z.string(),
      stage: z.string().nullable(),
      status: z.string(),
      daysInStage: z.number().nullable(),
      limitDays: z.number().nullable(),
      overdue: z.boolean(),
    }),
  ),
  blockers: z.array(
    z.object({
      id: z.string(),
      podId: z.string(),
      personId: z.string(),
      description: z.string(),
      workItemId: z.string().nullable(),
      ageDays: z.number(),
      mine: z.boolean(),
      escalated: z.boolean(),
    }),
  ),
  demos: z.array(z.object({ id: z.string(), projectId: z.string(), podId: z.string(), scheduledFor: z.string() })),
  pods: z.array(z.object({ podId: z.string(), wipLimit: z.number().int(), held: z.number().int(), queued: z.number().int() })),
  facts: z
    .array(
      z.object({
        id: z.string(),
        kind: z.enum(['in-progress', 'queued', 'review', 'gate', 'blocker', 'red']),
        summary: z.string().describe("CLOS's own wording"),
        title: z.string().optional().describe('Text people wrote (a PR title, a blocker): untrusted'),
        url: z.string().optional(),
      }),
    )
    .describe('The same, as the citable facts a digest is written from'),
});

const PERIODS: Record<string, number> = { day: 1, week: 7, month: 30, quarter: 90 };

/** `period`: `day`, `week`, `month`, `quarter` or `<n>d` (1-180 days). */
export const periodQuery = z
  .string()
  .max(10, 'must be at most 10 characters')
  .regex(/^(day|week|month|quarter|[1-9]\d{0,2}d)$/, 'must be day, week, month, quarter or <n>d with n from 1 to 180')
  .default('week')
  .transform((value, ctx) => {
    const named = PERIODS[value];
    if (named !== undefined) return named;
    const days = /^(\d{1,3})d$/.exec(value);
    if (days && Number(days[1]) >= 1 && Number(days[1]) <= 180) return Number(days[1]);
    ctx.addIssue({ code: 'custom', message: 'must be day, week, month, quarter or <n>d with n from 1 to 180' });
    return z.NEVER;
  })
  .describe('day, week, month, quarter or <n>d (1-180); default week');

/** GET /api/assess's query: a pod, else a person (default: the token's person). */
export const assessQuerySchema = z.object({
  person: personQuery.optional(),
  pod: idSchema.optional().describe('A pod to assess; takes precedence over person'),
  period: periodQuery,
});

/** One sentence of an assessment and the numbers it rests on. */
export const statementSchema = z.object({
  topic: z.enum(['flow', 'wip', 'blockers', 'gates', 'reviews']),
  text: z.string(),
  figures: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).describe('The numbers behind the sentence'),
});

/** An assessment of a pod or a person over a period. */
export const assessmentSchema = z.object({
  subject: z.object({ kind: z.enum(['pod', 'person']), id: z.string() }),
  window: z.object({ from: timestamp, to: timestamp, days: z.number().int() }),
  statements: z.array(statementSchema),
  flow: z.object({
    merged: z.number().int(),
    cycleTimeHours: z.object({ p50: z.number().nullable(), p85: z.number().nullable() }),
  }),
  wip: z.object({
    open: z.number().int(),
    ageHours: z.object({ p50: z.number().nullable(), max: z.number().nullable() }),
    oldest: z.array(z.object({ id: z.string(), title: z.string().nullable(), url: z.string().nullable(), ageHours: z.number() })),
  }),
  blockers: z.object({ open: z.number().int(), opened: z.number().int(), resolved: z.number().int(), openAgeDaysP50: z.number().nullable() }),
  gates: z.object({
    transitions: z.number().int(),
    evidence: z.number().int(),
    projects: z.array(z.object({ projectId: z.string(), stage: z.string().nullable(), daysInStage: z.number().nullable(), limitDays: z.number().nullable(), overdue: z.boolean() })),
  }),
  reviews: z.object({
    given: z.number().int(),
    byReviewer: z.array(z.object({ reviewer: z.string(), count: z.number().int() })),
  }),
});

/** GET /api/metrics's query. */
export const metricsQuerySchema = z.object({
  weeks: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(52, 'must be at most 52').default(8).describe('Weeks back (1-52, default 8)'),
});

/** The success metrics. */
export const metricsSummarySchema = z.object({
  window: z.object({ from: timestamp, to: timestamp, weeks: z.number().int() }),
  stageCycleTime: z
    .array(z.object({ templateId: z.string(), stage: z.string(), medianDays: z.number(), count: z.number().int() }))
    .describe('Days projects spent in each stage they left within the window'),
  wipViolationsPerWeek: z.array(z.object({ weekStart: z.string(), count: z.number().int() })).describe('Work items queued because their pod was at its limit'),
  ideasEvaluatedPerWeek: z.array(z.object({ weekStart: z.string(), accepted: z.number().int(), rejected: z.number().int() })),
  slackCommandsPerDay: z.array(z.object({ day: z.string(), count: z.number().int() })).describe('Counted since usage counting was deployed'),
  dashboardViewsPerDay: z.array(z.object({ day: z.string(), count: z.number().int() })).describe('Dashboard pages served; counted since usage counting was deployed'),
});
