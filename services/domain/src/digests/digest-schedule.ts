import { z } from 'zod';

/** The four digests a person gets, in the order of a day (and the week). */
export const DIGEST_KINDS = ['morning', 'midday', 'evening', 'weekly'] as const;
/** One of {@link DIGEST_KINDS}. */
export type DigestKind = (typeof DIGEST_KINDS)[number];

/** Weekdays a weekly digest may fall on; digests run on working days only. */
export const DIGEST_WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;
/** One of {@link DIGEST_WEEKDAYS}. */
export type DigestWeekday = (typeof DIGEST_WEEKDAYS)[number];

/** When a digest runs, in the person's time zone; `off` turns it off. */
export type DigestTime = { off: true } | { off: false; hour: number; minute: number; weekday?: DigestWeekday };

/** Defaults: 08:00, 12:30, 17:30 on working days, and Monday 09:00. */
export const DEFAULT_DIGEST_TIMES: Record<DigestKind, string> = {
  morning: '08:00',
  midday: '12:30',
  evening: '17:30',
  weekly: 'Monday 09:00',
};

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_HH_MM = /^(Monday|Tuesday|Wednesday|Thursday|Friday) ([01]\d|2[0-3]):([0-5]\d)$/i;

const dailyTime = z.string().refine((v) => v === 'off' || HH_MM.test(v), {
  error: (issue) => `expected a local time such as "08:00", or "off", got ${JSON.stringify(issue.input)}`,
});
const weeklyTime = z.string().refine((v) => v === 'off' || HH_MM.test(v) || DAY_HH_MM.test(v), {
  error: (issue) => `expected a weekday and time such as "Monday 09:00", a time (Mondays), or "off", got ${JSON.stringify(issue.input)}`,
});

/** A member's `digests:` block in clos.yml; each kind a local time or `off`, unset: the default. */
export const memberDigestsSchema = z.strictObject({
  morning: dailyTime.optional(),
  midday: dailyTime.optional(),
  evening: dailyTime.optional(),
  weekly: weeklyTime.optional(),
});

/** A member's digest settings as written. */
export type MemberDigests = z.output<typeof memberDigestsSchema>;

/** Reads one setting (already validated by the schema) into a {@link DigestTime}. */
export function parseDigestTime(kind: DigestKind, text: string | undefined): DigestTime {
  const value = text ?? DEFAULT_DIGEST_TIMES[kind];
  if (value === 'off') return { off: true };
  const daily = HH_MM.exec(value);
  if (daily !== null) return { off: false, hour: Number(daily[1]), minute: Number(daily[2]), ...(kind === 'weekly' ? { weekday: 'MONDAY' as const } : {}) };
  const weekly = DAY_HH_MM.exec(value);
  if (weekly === null) throw new RangeError(`not a digest time: ${JSON.stringify(value)}`);
  return { off: false, weekday: weekly[1]!.toUpperCase() as DigestWeekday, hour: Number(weekly[2]), minute: Number(weekly[3]) };
}
