const DAY_MS = 86_400_000;

/**
 * The `p`-th percentile (0..1) of `values` by linear interpolation between the closest
 * ranks (the usual "type 7" estimate: the median of [1, 2, 3, 4] is 2.5); `null` for none.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within 0..1, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** The Monday (UTC) of the week holding `at`, as `YYYY-MM-DD`. Weeks run Monday to Sunday. */
export function weekStartOf(at: string | number): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  const monday = day - ((day + 3) % 7 + 7) % 7;
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** Every week start from the week of `from` to the week of `to`, oldest first. */
export function weekStartsBetween(from: string, to: string): string[] {
  const first = Date.parse(`${weekStartOf(from)}T00:00:00Z`);
  const last = Date.parse(`${weekStartOf(to)}T00:00:00Z`);
  const weeks: string[] = [];
  for (let at = first; at <= last; at += 7 * DAY_MS) weeks.push(new Date(at).toISOString().slice(0, 10));
  return weeks;
}

/** Hours from `start` to `end` (ISO times), never negative. */
export function hoursBetween(start: string, end: string): number {
  return Math.max(0, (Date.parse(end) - Date.parse(start)) / 3_600_000);
}

/** `n` rounded to 2 decimals; `null` stays `null`. */
export function round2(n: number | null): number | null {
  return n === null ? null : Math.round(n * 100) / 100;
}
