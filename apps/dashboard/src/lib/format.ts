/** Formatting shared by the pages: numbers, durations, dates, percentages. */

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** `21 Nov 2026, 09:30` (UTC), or `—`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTime.format(date)} UTC`;
}

/** `21 Nov 2026`, or `—`. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** Hours as `3.5 h` or `2.1 d`, or `—` when unknown. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '—';
  return hours >= 48 ? `${(hours / 24).toFixed(1)} d` : `${hours.toFixed(1)} h`;
}

/** A 0-1 share as `42%`, or `—`. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)}%`;
}

/** A number with at most `digits` decimals, or `—`. */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** How long ago `iso` was, relative to `now`: `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAge(iso: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** The band a 0-100 health score falls in, for colour and words. */
export function scoreBand(score: number): 'good' | 'fair' | 'poor' {
  return score >= 75 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

/** A metric id such as `cycle_time_p85` as `cycle time p85`. */
export function metricLabel(metric: string): string {
  return metric.replace(/[_.-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** ` · <work item> · project <id> · pod <id> · <person>` of an event's subject; empty for none. */
export function describeSubject(subject: { podId?: string; projectId?: string; workItemId?: string; personId?: string }): string {
  const parts = [subject.workItemId, subject.projectId && `project ${subject.projectId}`, subject.podId && `pod ${subject.podId}`, subject.personId].filter(Boolean);
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}
