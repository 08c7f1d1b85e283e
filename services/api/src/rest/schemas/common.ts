import { z } from 'zod';
import { ERROR_CODES, ROLES } from '@clos/domain';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination.js';

/** The body of every error response. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum([...ERROR_CODES, 'Internal']).describe('What went wrong, for programs'),
      message: z.string().describe('What went wrong, for people'),
      details: z.unknown().optional().describe('Structured details, e.g. the invalid fields or the unmet criteria'),
    }),
  })
  .describe('An error');

/** Error responses every authenticated route may give. */
export const authErrorResponses = {
  401: errorBodySchema.describe('No, or no valid, bearer token'),
  403: errorBodySchema.describe('The token lacks the role this needs'),
  429: errorBodySchema.describe('Too many requests for this token; see Retry-After'),
} as const;

/** Error responses of routes that take input. */
export const inputErrorResponses = {
  400: errorBodySchema.describe('The request is invalid; details name each field'),
  ...authErrorResponses,
} as const;

/** A pod, project or template id as clos.yml allows it. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be an id: letters, digits, "_", "." or "-"')
  .max(200);

/** A role. */
export const roleOutput = z.enum(ROLES);

/** An ISO-8601 date-time in UTC, as every response writes times. */
export const timestamp = z.string().describe('ISO-8601 date-time, UTC');

/** An ISO-8601 date-time with a zone, as queries take times. */
export const dateTimeQuery = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time, e.g. 2026-01-31T09:00:00Z' });

/** `limit` and `cursor` of every listing. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`),
  cursor: z.string().min(1).max(1000).optional().describe('The nextCursor of the previous page'),
});

/** A page of `item`s. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  });
}

/** A query flag written `true` or `false` (a plain coercion would read "false" as true). */
export const flagQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** One value or several, as `?type=a&type=b` or `?type=a,b`. */
export function listQuery(item: z.ZodString) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(item).min(1).max(50));
}

/** `from`/`to` of a time range. */
export const timeRangeQuery = z.object({
  from: dateTimeQuery.optional().describe('Only from this time (inclusive)'),
  to: dateTimeQuery.optional().describe('Only before this time (exclusive)'),
});

/** Rejects a range whose end comes before its start, naming `to`. */
export function checkTimeRange(range: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (range.from !== undefined && range.to !== undefined && Date.parse(range.to) < Date.parse(range.from)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}

/** An ISO string of a date, or null. */
export function isoOrNull(value: Date | null | undefined): string | null {
  return value == null ? null : value.toISOString();
}
