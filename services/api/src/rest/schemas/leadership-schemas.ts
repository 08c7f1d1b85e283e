import { z } from 'zod';
import { ANALYSES } from '../../leadership/services/analytics-service.js';
import { COMPLETION_TYPES, ENERGY_LEVELS, DECISION_TYPES, DELEGATION_OUTCOMES, PROJECT_STATUSES, PERIOD_PATTERN } from '@clos/platform';
import { dayQuery, timestamp } from './common.js';

/**
 * The characters String.prototype.trim removes, spelled out: `\s` means other sets in other
 * regex engines (Python's has U+001C-U+001F and U+0085 but not U+FEFF), and the published
 * pattern must draw the same line between blank and not blank as the api.
 */
const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const NOT_BLANK = new RegExp(`[^${TRIMMED}]`);

/** Free text: checked as sent (so the published limits are the enforced ones), stored trimmed. */
const text = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(NOT_BLANK, 'must not be blank')
    .transform((value) => value.trim());
const localDay = dayQuery;
const oneTo10 = z.number({ error: 'must be a number from 1 to 10' }).int('must be a whole number').min(1, 'must be 1 to 10').max(10, 'must be 1 to 10');
const limit = z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).default(100);
const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
const empty = z.object({});

export const uuidParams = (name: string) => z.object({ [name]: z.uuid({ error: 'must be an id (UUID)' }) });

export const checkinBodySchema = z.object({
  energy: z.enum(ENERGY_LEVELS, { error: `must be one of ${ENERGY_LEVELS.join(', ')}` }),
  stress: oneTo10,
  tension: z.boolean().default(false),
  circular: z.boolean().default(false),
  mission: text(500).optional(),
});
export const missionBodySchema = z.object({ mission: text(500) });
export const completionBodySchema = z.object({ type: z.enum(COMPLETION_TYPES, { error: `must be one of ${COMPLETION_TYPES.join(', ')}` }) });
export const reflectionBodySchema = z.object({ text: text(4000) });
export const paralysisBodySchema = z.object({
  decision: text(1000),
  fear: text(1000),
  decisionId: z
    .uuid({ error: 'must be an id (UUID)' })
    .optional()
    .describe('A decision of your own decision log this episode is stuck on (its type feeds the paralysis analysis); another person\'s, or none, is 404'),
});
export const checkinRangeQuerySchema = z.object({ from: localDay.optional(), to: localDay.optional() });
export const dateParamsSchema = z.object({ date: localDay });
export const emptySchema = empty;

export const checkinSchema = z.object({
  id: z.uuid(),
  date: z.string(),
  energy: z.enum(ENERGY_LEVELS),
  stress: z.number(),
  tension: z.boolean(),
  circular: z.boolean(),
  mission: z.string().nullable(),
  completion: z.enum(COMPLETION_TYPES).nullable(),
  completedAt: timestamp.nullable(),
  reflection: z.string().nullable(),
  createdAt: timestamp,
});
export const paralysisSchema = z.object({
  id: z.uuid(),
  date: z.string(),
  decision: z.string(),
  fear: z.string(),
  stress: z.number().nullable(),
  energy: z.enum(ENERGY_LEVELS).nullable(),
  decisionId: z.uuid().nullable().describe('The linked decision of your decision log, if any'),
  createdAt: timestamp,
});

export const decisionBodySchema = z.object({ text: text(1000), type: z.enum(DECISION_TYPES, { error: `must be one of ${DECISION_TYPES.join(', ')}` }) });
export const decideBodySchema = z.object({ rationale: text(4000), told: z.array(text(200)).max(50).optional() });
export const listDecisionsQuerySchema = z.object({ overdue: flag.optional(), open: flag.optional(), limit });
export const decisionSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  type: z.enum(DECISION_TYPES),
  openedAt: timestamp,
  decidedAt: timestamp.nullable(),
  hoursToDecide: z.number().nullable(),
  rationale: z.string().nullable(),
  communicatedTo: z.array(z.string()),
  overdue: z.boolean(),
});

export const delegationBodySchema = z.object({ task: text(1000), to: text(200), control: oneTo10, handoff: z.boolean().optional() });
export const delegationOutcomeBodySchema = z.object({
  outcome: z.enum(DELEGATION_OUTCOMES, { error: `must be one of ${DELEGATION_OUTCOMES.join(', ')}` }),
  handoff: z.boolean().optional(),
});
export const delegationSchema = z.object({
  id: z.uuid(),
  task: z.string(),
  to: z.string(),
  controlImpulse: z.number(),
  handoffDone: z.boolean(),
  outcome: z.enum(DELEGATION_OUTCOMES).nullable(),
  createdAt: timestamp,
  closedAt: timestamp.nullable(),
});

export const projectBodySchema = z.object({
  name: text(200),
  criteria: text(2000),
  deadline: localDay,
  eac: localDay,
  value: oneTo10.optional(),
  leverage: oneTo10.optional(),
  netEnergy: z.number().int().min(-5, 'must be -5 to 5').max(5, 'must be -5 to 5').optional(),
});
export const projectStatusBodySchema = z.object({ status: z.enum(PROJECT_STATUSES, { error: `must be one of ${PROJECT_STATUSES.join(', ')}` }), eac: localDay.optional() });
export const projectCompleteBodySchema = z.object({ early: z.boolean().optional() });
export const projectKillBodySchema = z.object({ reason: text(2000) });
export const listProjectsQuerySchema = z.object({ active: flag.optional() });
export const leadershipProjectSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  criteria: z.string(),
  deadline: z.string(),
  eac: z.string(),
  slipDays: z.number(),
  status: z.enum(PROJECT_STATUSES),
  value: z.number().nullable(),
  leverage: z.number().nullable(),
  netEnergy: z.number().nullable(),
  state: z.enum(['active', 'completed', 'killed']),
  completedAt: timestamp.nullable(),
  shippedEarly: z.boolean().nullable(),
  killedAt: timestamp.nullable(),
  killedReason: z.string().nullable(),
  createdAt: timestamp,
});

export const signalSchema = z.object({
  name: z.enum(['stress', 'tension', 'completion', 'decisions']),
  failing: z.boolean(),
  value: z.number().nullable(),
  threshold: z.string(),
});
export const breakerSchema = z.object({
  id: z.uuid(),
  reason: z.string(),
  signals: z.array(z.string()),
  activatedAt: timestamp,
  deactivatedAt: timestamp.nullable(),
  signalsAtRecovery: z.array(z.string()).nullable(),
  active: z.boolean(),
});
export const breakerBodySchema = z.object({ reason: text(1000) });
export const breakerCheckSchema = z.object({ signals: z.array(signalSchema), failing: z.array(z.string()), warn: z.boolean(), active: breakerSchema.nullable() });

export const daySchema = z.object({
  date: z.string(),
  personId: z.string(),
  checkin: checkinSchema.nullable(),
  decisionsDue: z.array(decisionSchema),
  paralysis: z.array(paralysisSchema),
  signals: z.array(signalSchema),
  warning: z.string().nullable(),
  breaker: breakerSchema.nullable(),
});

export const reviewQuerySchema = z.object({ date: localDay.optional() });
export const reviewKindParamsSchema = z.object({ kind: z.enum(['weekly', 'monthly'], { error: 'must be weekly or monthly' }) });
export const focusBodySchema = z.object({ focus: text(500), secondary: z.array(text(200)).max(5, 'at most 5 secondary priorities').optional() });
export const reviewSchema = z.object({
  kind: z.enum(['weekly', 'monthly']),
  periodStart: z.string(),
  figures: z.record(z.string(), z.unknown()),
  focus: z.string().nullable(),
  secondary: z.array(z.string()),
  notes: z.string().nullable(),
  updatedAt: timestamp,
});

export const analysisParamsSchema = z.object({ kind: z.enum(ANALYSES, { error: `must be one of ${ANALYSES.join(', ')}` }) });
export const periodQuerySchema = z.object({
  period: z
    .string()
    .max(20)
    .regex(PERIOD_PATTERN, 'must be a period such as 30days, 6weeks, 3months or 1year')
    .optional()
    .describe('<n>day(s), <n>week(s), <n>month(s) or <n>year(s), n from 1 to 999; default 3months'),
});
export const analysisSchema = z
  .object({ kind: z.enum(ANALYSES), period: z.string(), from: z.string(), to: z.string(), finding: z.unknown(), series: z.unknown().optional() })
  .describe('A finding, or { enough: false, n, needed, message } below the minimum sample');

export const podLeadershipQuerySchema = z.object({ days: z.coerce.number({ error: 'must be a number' }).int().min(1).max(90).optional() });
export const podLeadershipSchema = z.object({
  podId: z.string(),
  from: z.string(),
  to: z.string(),
  people: z.number(),
  minimumPeople: z.number(),
  shown: z.boolean(),
  message: z.string().optional(),
  aggregates: z
    .object({
      checkins: z.number(),
      averageStress: z.number().nullable(),
      energy: z.object({ high: z.number(), medium: z.number(), low: z.number() }),
      completionRate: z.number().nullable(),
      decisionsOverdue: z.number(),
    })
    .optional(),
});
