/**
 * What knowledge search covers. A kind is indexed by a trigger on its table (see the
 * search-documents migration) or by its writer calling `search_document_put`; adding one
 * is a row here plus that writer. `decision` and `checkin` are indexed by the leadership
 * layer once it writes them; `checkin` documents carry their owner and reach only them.
 */
export const SEARCH_KINDS = [
  'decision',
  'idea',
  'standup',
  'blocker',
  'evidence',
  'demo',
  'stage_transition',
  'work_item',
  'checkin',
] as const;

/** One kind of searchable record. */
export type SearchKind = (typeof SEARCH_KINDS)[number];
