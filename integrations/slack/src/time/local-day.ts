/**
 * Calendar days as `YYYY-MM-DD` strings, in a given IANA time zone. Standups, blockers and
 * demos are about a pod's working day, not a UTC instant: "today" in Berlin starts hours
 * before it does in New York.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** The calendar day `now` falls on in `timeZone`. */
export function localDay(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

function toUtc(day: string): Date {
  if (!isDay(day)) throw new RangeError(`expected a day as YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return new Date(`${day}T00:00:00Z`);
}

/** Day of the week: 0 Sunday … 6 Saturday. */
export function weekdayOf(day: string): number {
  return toUtc(day).getUTCDay();
}

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: string, n: number): string {
  return new Date(toUtc(day).getTime() + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / MS_PER_DAY);
}

/** Monday to Friday. */
export function isWorkingDay(day: string): boolean {
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5;
}

/** The first day after `day` that falls on `weekday` (0 Sunday … 6 Saturday): a Friday's next Friday is a week later. */
export function nextWeekday(day: string, weekday: number): string {
  const ahead = (weekday - weekdayOf(day) + 7) % 7 || 7;
  return addDays(day, ahead);
}

/** The first working day after `day`. */
export function nextWorkingDay(day: string): string {
  let next = addDays(day, 1);
  while (!isWorkingDay(next)) next = addDays(next, 1);
  return next;
}

/** Friday, the default demo day. */
export const FRIDAY = 5;

/** `2025-11-21` → `Fri 21 Nov`: how days read in messages. */
export function formatDay(day: string): string {
  return toUtc(day).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}
