import { z } from 'zod';
import { SEARCH_KINDS } from '../search/search-kinds.js';
import { dateTimeQuery, idSchema, listQuery, pageQuerySchema, timestamp } from './common.js';

/** GET /api/search's query. */
export const searchQuerySchema = pageQuerySchema.extend({
  q: z
    .string({ error: 'is required: the words to look for' })
    .trim()
    .regex(/\S/, 'must not be blank')
    .min(1, 'must not be empty')
    .max(500, 'must be at most 500 characters')
    .describe('What to look for, as a web search box takes it: words, "a phrase", or, -not'),
  kinds: listQuery(SEARCH_KINDS.join('|'), `must be one of ${SEARCH_KINDS.join(', ')}`, {
    maxItems: SEARCH_KINDS.length,
    output: z.enum(SEARCH_KINDS),
  })
    .optional()
    .describe(`Only these kinds (comma-separated or repeated): ${SEARCH_KINDS.join(', ')}`),
  pod: idSchema.optional().describe('Only records of this pod'),
  from: dateTimeQuery.optional().describe('Only records from this time (inclusive)'),
});

/** One search hit. */
export const searchHitSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string().describe("The record's id within its kind"),
  title: z.string(),
  snippet: z.string().describe('The best-matching passage, matched words wrapped in « »'),
  score: z.number().describe('Relevance weighted by recency; higher first'),
  url: z.string().nullable().describe('A dashboard path or the vendor page of the record'),
  occurredAt: timestamp,
  podId: z.string().nullable(),
});

/** A page of hits, best first. */
export const searchPageSchema = z.object({
  items: z.array(searchHitSchema),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});
