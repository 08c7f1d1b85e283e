import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, pageOf, type Page } from '../pagination.js';
import type { searchHitSchema, searchQuerySchema } from '../schemas/search-schemas.js';
import { scopeCondition, type ServiceDependencies } from '../services/service-context.js';
import { callerPersonId } from './caller-person.js';
import type { SearchKind } from './search-kinds.js';

type SearchHit = z.output<typeof searchHitSchema>;

/**
 * A hit's score: full-text relevance (`ts_rank_cd`, normalised to 0..1 with flag 32)
 * times a recency factor from 1 (today) falling to 0.5 for records long past (half-way
 * at 30 days). Relevance decides; among records about as relevant, the recent one wins.
 * Computed against the `now` the first page fixed (the cursor carries it), so a page
 * boundary does not move between calls. float8 so the value round-trips through JSON.
 */
const SCORE = `(ts_rank_cd(d.document, q.query, 32)::float8
  * (0.5 + 0.5 / (1 + greatest(0, extract(epoch FROM ($2::timestamptz - d.occurred_at))) / 2592000.0)))::float8`;

/**
 * Most matches ranked per query. Ranking reads every match's vector, so a word found in
 * tens of thousands of records would cost tens of milliseconds; past this many, only the
 * most recent matches are ranked (recency weighs in the score anyway), and the caller
 * narrows with kinds, pod or from to reach older ones.
 */
export const MAX_RANKED = 1000;

/** Marks matched words with « » (plain text: callers render it as they like, no HTML to escape). */
const HEADLINE_OPTIONS = 'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "';

const cursorKey = z.tuple([z.string(), z.number(), z.string(), z.string()]);

interface HitRow {
  kind: SearchKind;
  source_id: string;
  pod_id: string | null;
  title: string;
  snippet: string;
  url: string | null;
  occurred_at: Date;
  score: number;
}

/**
 * Knowledge search over the search_documents index (Postgres full text,
 * `websearch_to_tsquery`), narrowed to what the caller may read: documents of the pods
 * they hold a role in, and private documents (check-in notes) only of their own.
 */
export function searchService(deps: ServiceDependencies) {
  return {
    /** Hits for `q`, best first, paged by an opaque cursor. */
    async search(ctx: CallContext, input: z.output<typeof searchQuerySchema>): Promise<Page<SearchHit>> {
      let asOf = deps.now().toISOString();
      let after: [number, string, string] | undefined;
      if (input.cursor !== undefined) {
        const [at, score, kind, id] = decodeCursor('search', input.cursor, cursorKey);
        asOf = at;
        after = [score, kind, id];
      }
      const person = await callerPersonId(deps.pool, ctx.principal);
      const values: unknown[] = [input.q, asOf, input.limit + 1, person];
      const where = [
        'd.document @@ q.query',
        `((d.owner_person_id IS NULL AND ${scopeCondition('d.pod_id', ctx.pods, values)}) OR (d.owner_person_id IS NOT NULL AND d.owner_person_id = $4))`,
      ];
      const add = (sql: (n: number) => string, value: unknown) => {
        values.push(value);
        where.push(sql(values.length));
      };
      if (input.kinds !== undefined) add((n) => `d.kind = ANY($${n}::text[])`, input.kinds);
      if (input.pod !== undefined) add((n) => `d.pod_id = $${n}`, input.pod);
      if (input.from !== undefined) add((n) => `d.occurred_at >= $${n}::timestamptz`, input.from);
      let keyset = '';
      if (after !== undefined) {
        values.push(...after);
        const [s, k, i] = [values.length - 2, values.length - 1, values.length];
        keyset = `WHERE (h.score < $${s}::float8 OR (h.score = $${s}::float8 AND (h.kind, h.source_id) > ($${k}, $${i})))`;
      }
      // Rank every match, cut the page, and only then build snippets: ts_headline re-parses
      // the text, so it runs on the page's rows alone.
      const { rows } = await deps.pool.query<HitRow>(
        `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
         candidates AS (
           SELECT d.* FROM search_documents d, q WHERE ${where.join(' AND ')}
           ORDER BY d.occurred_at DESC LIMIT ${MAX_RANKED}
         ),
         hits AS (
           SELECT d.kind, d.source_id, d.pod_id, d.title, d.body, d.url, d.occurred_at, ${SCORE} AS score
           FROM candidates d, q
         ),
         page AS (SELECT * FROM hits h ${keyset} ORDER BY h.score DESC, h.kind, h.source_id LIMIT $3)
         SELECT p.kind, p.source_id, p.pod_id, p.title, p.url, p.occurred_at, p.score,
                ts_headline('english', p.title || E'\\n' || p.body, q.query, '${HEADLINE_OPTIONS}') AS snippet
         FROM page p, q ORDER BY p.score DESC, p.kind, p.source_id`,
        values,
      );
      return pageOf(
        rows,
        input.limit,
        'search',
        (r) => [asOf, r.score, r.kind, r.source_id],
        (r) => ({
          kind: r.kind,
          id: r.source_id,
          title: r.title,
          snippet: r.snippet,
          score: r.score,
          url: r.url,
          occurredAt: r.occurred_at.toISOString(),
          podId: r.pod_id,
        }),
      );
    },
  };
}
