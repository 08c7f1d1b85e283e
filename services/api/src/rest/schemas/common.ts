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
  404: errorBodySchema.describe('What the request names does not exist: a pod, project or record, or the page a cursor names'),
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

/**
 * An ISO-8601 date-time with a zone, as queries take times — within what Postgres stores:
 * years 0001-9999 and offsets up to ±15:59 (a schema-valid time must never fail in the database).
 */
export const dateTimeQuery = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date-time, e.g. 2026-01-31T09:00:00Z' })
  .max(40)
  .regex(/^(?!0000)\d{4}-[^Z+]*(?:Z|[+-](?:0\d|1[0-5]):?[0-5]\d)$/, 'must be a date-time of the years 0001-9999 with an offset within ±15:59');

/**
 * An ISO-8601 day of the years 0001-9999 (Postgres has no year 0) as one regex source: ASCII
 * digits, leap days only in leap years. One pattern, not a format plus patterns to intersect,
 * so a generator of valid requests writes such days directly instead of drawing and discarding.
 */
export const ISO_DAY_SOURCE = (() => {
  const year = '(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})';
  const leapYear = '(?:[0-9]{2}(?:[2468][048]|[13579][26]|0[48])|(?:0[48]|[2468][048]|[13579][26])00)';
  const monthDay = '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))';
  return `(?:${leapYear}-02-29|${year}-${monthDay})`;
})();

/** An ISO-8601 day (YYYY-MM-DD), years 0001-9999. */
export const dayQuery = z
  .string()
  .regex(new RegExp(`^${ISO_DAY_SOURCE}$`), 'must be a day of the years 0001-9999, e.g. 2026-01-31')
  .meta({ format: 'date' });

/** `limit` and `cursor` of every listing. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`),
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor this API issued (base64url)')
    .optional()
    .describe('The nextCursor of the previous page; one that names no page of this listing is answered 404'),
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

/**
 * One value or several, as `?type=a&type=b` or `?type=a,b`. `itemPattern` is the regex of one
 * value without anchors; the published schema states it for both forms, so whatever the
 * contract allows is accepted (`output` may narrow the values' type, e.g. to an enum).
 */
export function listQuery<T extends z.ZodType<string, string> = z.ZodString>(
  itemPattern: string,
  message: string,
  options: { maxItems?: number; output?: T } = {},
) {
  const maxItems = options.maxItems ?? 50;
  const one = new RegExp(`^(?:${itemPattern})$`);
  const several = new RegExp(`^(?:${itemPattern})(?:,(?:${itemPattern})){0,${maxItems - 1}}$`);
  return z
    .union([
      z.string().max(maxItems * 101).regex(several, message),
      z.array(z.string().max(100).regex(one, message)).min(1).max(maxItems),
    ])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')))
    .pipe(z.array(options.output ?? z.string()).min(1).max(maxItems));
}

/** `from`/`to` of a time range; a range that ends before it starts is empty, not an error. */
export const timeRangeQuery = z.object({
  from: dateTimeQuery.optional().describe('Only from this time (inclusive)'),
  to: dateTimeQuery.optional().describe('Only before this time (exclusive)'),
});


/** An ISO string of a date, or null. */
export function isoOrNull(value: Date | null | undefined): string | null {
  return value == null ? null : value.toISOString();
}
