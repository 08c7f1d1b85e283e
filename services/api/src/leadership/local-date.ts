/** The calendar date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
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

/** Days in a period such as `3months`, `6weeks`, `30days` (default 3 months). */
export function periodDays(period: string | undefined): number {
  if (period === undefined) return 91;
  const match = /^(\d{1,3})(day|days|week|weeks|month|months|year|years)$/.exec(period);
  if (match === null) return Number.NaN;
  const n = Number(match[1]);
  const unit = match[2]!.replace(/s$/, '');
  return n * (unit === 'day' ? 1 : unit === 'week' ? 7 : unit === 'month' ? 30.4 : 365);
}
