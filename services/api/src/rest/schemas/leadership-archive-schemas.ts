import { z } from 'zod';
import { COMPLETION_TYPES, ENERGY_LEVELS, DECISION_TYPES, DELEGATION_OUTCOMES, PROJECT_STATUSES, LEADERSHIP_TABLE_NAMES, type LeadershipTable } from '@clos/platform';
import { dayQuery, ISO_DAY_SOURCE, timestamp } from './common.js';

/*
 * A leadership archive (export, backup, restore): each table's rows as the database renders
 * them, the encrypted columns under their plain names. The restore body states every column
 * with the type and range the table stores, so whatever the schema allows can be written
 * back; an archive that breaks what a schema cannot say (ids taken, two check-ins on one
 * day, a decision decided before it was opened) is refused as a Conflict. Keys are listed in
 * column order: validation writes them in this order, and the digest hashes the rows as sent.
 */

/*
 * Times of the years 0001-9999 to the microsecond, with an offset within ±15:59, as Postgres
 * stores them: one pattern that says it all beside the format, so a generator of valid
 * archives draws date-times as such and keeps nearly all of them.
 */
const TIME = `${ISO_DAY_SOURCE}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,6})?(?:Z|[+-](?:0[0-9]|1[0-5]):[0-5][0-9])`;
const day = dayQuery;
const at = z
  .string()
  .regex(new RegExp(`^${TIME}$`), 'must be an ISO-8601 date-time of the years 0001-9999, to the microsecond, with an offset within ±15:59')
  .meta({ format: 'date-time' });
const uuid = z.uuid({ error: 'must be an id (UUID)' });
const oneTo10 = z.number().int('must be a whole number').min(1, 'must be 1 to 10').max(10, 'must be 1 to 10');
const person = z.string().min(1).max(200).describe('The person the row belongs to: the one restoring it');

/** One JSON string as JSON.stringify writes it (and JSON.parse reads it). */
const JSON_STRING = '"(?:[^"\\\\\\u0000-\\u001f]|\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4}))*"';
const JSON_SPACE = '[ \\t\\n\\r]*';
/** JSON text of a list of strings: how a review's secondary priorities are stored. */
const stringListJson = z
  .string()
  .regex(new RegExp(`^\\[${JSON_SPACE}(?:${JSON_STRING}(?:${JSON_SPACE},${JSON_SPACE}${JSON_STRING})*${JSON_SPACE})?\\]$`), 'must be the JSON text of a list of strings')
  .describe('JSON text of a list of strings, e.g. ["Hiring plan"]');

/**
 * `shape` with its keys in the order jsonb keeps an object's keys (shorter first, then
 * bytewise): validation writes them in this order, so figures read back byte for byte.
 */
function inJsonbOrder<T extends z.ZodRawShape>(shape: T): T {
  return Object.fromEntries(Object.entries(shape).sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))) as T;
}

/** The figures of a review as computed (ReviewFigures); none on a review that only has a focus yet. */
const figures = z
  .strictObject(
    inJsonbOrder({
      from: z.string(),
      to: z.string(),
      checkins: z.number(),
      completionRate: z.number().nullable(),
      completions: z.strictObject(inJsonbOrder({ delivered: z.number(), delegated: z.number(), live: z.number(), open: z.number() })).partial(),
      energy: z.strictObject(inJsonbOrder({ high: z.number(), medium: z.number(), low: z.number() })).partial(),
      averageStress: z.number().nullable(),
      decisionsMade: z.number(),
      decidedWithin48h: z.number().nullable(),
      delegations: z
        .strictObject(
          inJsonbOrder({ made: z.number(), owned: z.number(), reEngaged: z.number(), boomeranged: z.number(), open: z.number(), successRate: z.number().nullable() }),
        )
        .partial(),
      projects: z.strictObject(inJsonbOrder({ early: z.number(), onTime: z.number(), late: z.number(), killed: z.number() })).partial(),
      paralysisEpisodes: z.number(),
    }),
  )
  .partial();

const archiveRows = {
  leadership_checkins: z.object({
    id: uuid,
    person_id: person,
    local_date: day,
    energy: z.enum(ENERGY_LEVELS),
    stress: oneTo10,
    tension: z.boolean(),
    circular: z.boolean(),
    mission: z.string().nullable(),
    completion: z.enum(COMPLETION_TYPES).nullable(),
    completed_at: at.nullable(),
    reflection: z.string().nullable(),
    created_at: at,
    updated_at: at,
  }),
  leadership_paralysis: z.object({
    id: uuid,
    person_id: person,
    local_date: day,
    decision: z.string(),
    fear: z.string(),
    stress: oneTo10.nullable(),
    energy: z.enum(ENERGY_LEVELS).nullable(),
    decision_id: uuid.nullable(),
    created_at: at,
  }),
  leadership_decisions: z.object({
    id: uuid,
    person_id: person,
    text: z.string(),
    decision_type: z.enum(DECISION_TYPES),
    pod_id: z.string().max(200).nullable().describe('A pod of clos.yml'),
    opened_at: at,
    decided_at: at.nullable(),
    rationale: z.string().nullable(),
    communicated_to: z.array(z.string()),
  }),
  leadership_delegations: z.object({
    id: uuid,
    person_id: person,
    task: z.string(),
    delegate: z.string().min(1).max(200),
    control_impulse: oneTo10,
    handoff_done: z.boolean(),
    outcome: z.enum(DELEGATION_OUTCOMES).nullable(),
    created_at: at,
    closed_at: at.nullable(),
  }),
  leadership_projects: z.object({
    id: uuid,
    person_id: person,
    name: z.string(),
    criteria: z.string(),
    deadline: day,
    eac: day,
    status: z.enum(PROJECT_STATUSES),
    value: oneTo10.nullable(),
    leverage: oneTo10.nullable(),
    net_energy: z.number().int().min(-5).max(5).nullable(),
    clos_project_id: z.string().nullable(),
    completed_at: at.nullable(),
    shipped_early: z.boolean().nullable(),
    killed_at: at.nullable(),
    killed_reason: z.string().nullable(),
    created_at: at,
    updated_at: at,
  }),
  leadership_breaker_events: z.object({
    id: uuid,
    person_id: person,
    reason: z.string(),
    signals: z.array(z.string()),
    activated_at: at,
    deactivated_at: at.nullable(),
    signals_at_recovery: z.array(z.string()).nullable(),
  }),
  leadership_reviews: z.object({
    id: uuid,
    person_id: person,
    kind: z.enum(['weekly', 'monthly']),
    period_start: day,
    figures,
    focus: z.string().nullable(),
    secondary: stringListJson.nullable(),
    notes: z.string().nullable(),
    created_at: at,
    updated_at: at,
  }),
} satisfies Record<LeadershipTable, z.ZodType>;

/** Every table's rows, as export renders them (Postgres' JSON of each row). */
const exportTablesSchema = z.object(
  Object.fromEntries(LEADERSHIP_TABLE_NAMES.map((t) => [t, z.array(z.record(z.string(), z.unknown()))])) as Record<
    LeadershipTable,
    z.ZodArray<z.ZodRecord<z.ZodString, z.ZodUnknown>>
  >,
);

const digestSchema = z.record(z.string(), z.object({ rows: z.number(), sha256: z.string() }));

export const archiveSchema = z.object({ personId: z.string(), exportedAt: timestamp, tables: exportTablesSchema, digest: digestSchema });
export const restoreBodySchema = z.object({
  personId: z.string().min(1).max(200),
  tables: z.object(
    Object.fromEntries(LEADERSHIP_TABLE_NAMES.map((t) => [t, z.array(archiveRows[t])])) as {
      [T in LeadershipTable]: z.ZodArray<(typeof archiveRows)[T]>;
    },
  ),
});
export const digestAnswerSchema = z.object({ personId: z.string(), digest: digestSchema, verified: z.boolean().optional() });
