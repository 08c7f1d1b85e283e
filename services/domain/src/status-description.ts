/** GitHub refuses commit status descriptions longer than this. */
export const MAX_STATUS_DESCRIPTION = 140;

/** Cuts `text` to fit a commit status, marking the cut with an ellipsis. */
export function fitDescription(text: string, max = MAX_STATUS_DESCRIPTION): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * `a`, `a or b`, `a, b or c`; with `rest` more left out, `a, b or 2 more`.
 * `conjunction` joins the last two.
 */
export function humanList(items: readonly string[], rest = 0, conjunction = 'or'): string {
  const all = rest > 0 ? [...items, `${rest} more`] : [...items];
  if (all.length <= 1) return all.join('');
  return `${all.slice(0, -1).join(', ')} ${conjunction} ${all[all.length - 1] ?? ''}`;
}

/**
 * The longest rendering of `build(list)` that fits, listing as many of `items` as room
 * allows and counting the rest ("#12, #15 or 3 more").
 */
export function fitWithList(items: readonly string[], build: (list: string) => string, conjunction = 'or'): string {
  for (let shown = items.length; shown >= 1; shown--) {
    const text = build(humanList(items.slice(0, shown), items.length - shown, conjunction));
    if (text.length <= MAX_STATUS_DESCRIPTION) return text;
  }
  return fitDescription(build(humanList([], items.length, conjunction)));
}
