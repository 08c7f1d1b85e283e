/** The calendar date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The instant `date` (YYYY-MM-DD) begins in `timeZone`: local midnight, or the first moment
 * of the day where a clock change skips midnight.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // Local midnight under the offset at a first guess, then under the offset at that instant:
  // the two differ only on a day whose offset changes. Where the change skips midnight, the
  // earlier falls on the day before and the day begins at the later, the change itself.
  const first = midnightUtc - offsetAt(midnightUtc, timeZone);
  const second = midnightUtc - offsetAt(first, timeZone);
  const early = Math.min(first, second);
  return new Date(localDate(new Date(early), timeZone) === date ? early : Math.max(first, second));
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at` (ms since the epoch), in ms. */
function offsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The first and the last day a YYYY-MM-DD date can write (and Postgres reads back as one). */
const FIRST_DAY = '0001-01-01';
const LAST_DAY = '9999-12-31';

/**
 * `date` (YYYY-MM-DD) moved by `days`, kept within the years 0001-9999: a range reaching
 * past them ends at their edge, since no record lies beyond.
 */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const year = d.getUTCFullYear();
  if (year < 1) return FIRST_DAY;
  if (year > 9999) return LAST_DAY;
  return d.toISOString().slice(0, 10);
}

/** The Monday starting the ISO week of `date`. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/** The first day of the month of `date`. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The last day of the month of `date`. */
export function monthEnd(date: string): string {
  const d = new Date(`${monthStart(date)}T00:00:00Z`);
  // Day 0 of the next month is the last of this one.
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
}

/** A period: 1-999 days, weeks, months or years, e.g. `30days`, `6weeks`, `3months`, `1year`. */
export const PERIOD_PATTERN = /^([1-9]\d{0,2})(day|days|week|weeks|month|months|year|years)$/;

/** Days in a period such as `3months`, `6weeks`, `30days` (default 3 months); NaN for anything else. */
export function periodDays(period: string | undefined): number {
  if (period === undefined) return 91;
  const match = PERIOD_PATTERN.exec(period);
  if (match === null) return Number.NaN;
  const n = Number(match[1]);
  const unit = match[2]!.replace(/s$/, '');
  return n * (unit === 'day' ? 1 : unit === 'week' ? 7 : unit === 'month' ? 30.4 : 365);
}
