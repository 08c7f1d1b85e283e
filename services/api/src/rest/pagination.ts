import { z } from 'zod';
import { notFound } from '@clos/domain';

/** Most items one page may hold. */
export const MAX_PAGE_SIZE = 200;

/** Items per page when the caller does not say. */
export const DEFAULT_PAGE_SIZE = 50;

/** A page of a listing: the items, and the cursor of the next page (`null` on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * An opaque cursor: base64url of the listing's name and the sort key of the last item
 * served. Keyset paging, so a page is as fast on the thousandth page as on the first and
 * rows added meanwhile neither repeat nor go missing.
 */
export function encodeCursor(listing: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify({ l: listing, k: key }), 'utf8').toString('base64url');
}

const envelope = z.object({ l: z.string(), k: z.array(z.union([z.string(), z.number()])) });

/**
 * The sort key a cursor carries, checked against `key`. Throws NotFound (404) naming
 * `querystring.cursor` for anything this listing did not issue: a well-formed cursor
 * (base64url, as the schema requires) that names no page of the listing is a page that
 * does not exist, not a malformed request.
 */
export function decodeCursor<T extends z.ZodType>(listing: string, cursor: string, key: T): z.output<T> {
  const refuse = (why: string) =>
    notFound(`No such page: querystring.cursor: ${why}`, { issues: [{ path: 'querystring.cursor', message: why }] });
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('not a cursor this API issued');
  }
  const parsed = envelope.safeParse(decoded);
  if (!parsed.success) throw refuse('not a cursor this API issued');
  if (parsed.data.l !== listing) throw refuse(`a cursor of another listing (${parsed.data.l})`);
  const value = key.safeParse(parsed.data.k);
  if (!value.success) throw refuse('not a cursor this API issued');
  return value.data;
}

/**
 * Cuts a page from `rows`, fetched with one row more than `limit`: that extra row only
 * tells whether another page follows.
 */
export function pageOf<R, T>(rows: readonly R[], limit: number, listing: string, keyOf: (row: R) => (string | number)[], toItem: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  const last = served[served.length - 1];
  return {
    items: served.map(toItem),
    nextCursor: more && last !== undefined ? encodeCursor(listing, keyOf(last)) : null,
  };
}

/** SQL rendering a timestamp to the microsecond, in UTC: a sort key that round-trips exactly. */
export function timestampKey(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
