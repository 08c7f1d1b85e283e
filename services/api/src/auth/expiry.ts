import { invalidInput } from '@clos/domain/errors';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Longest lifetime a token may be given: a year. Longer-lived secrets are forgotten, not rotated. */
export const MAX_TOKEN_LIFETIME_DAYS = 366;

/** Lifetime of a token when none is asked for. */
export const DEFAULT_TOKEN_LIFETIME = '90d';

/** How long a login link stays good when none is asked for. */
export const LOGIN_LINK_MINUTES = 15;

/** The pattern of a lifetime: a whole number of minutes, hours or days. */
export const LIFETIME_PATTERN = /^([1-9][0-9]{0,5})([mhd])$/;

/**
 * When a token given `lifetime` (`30d`, `12h`, `90m`, or `never`) from `now` expires;
 * `null` for never. Throws InvalidInput naming the value when it is not a lifetime or
 * is longer than {@link MAX_TOKEN_LIFETIME_DAYS}.
 */
export function expiryFrom(lifetime: string, now: Date): Date | null {
  const value = lifetime.trim();
  if (value === 'never') return null;
  const match = LIFETIME_PATTERN.exec(value);
  if (match === null) throw invalidInput(`expires "${lifetime}": expected a lifetime such as 30d, 12h, 90m, or never`);
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms > MAX_TOKEN_LIFETIME_DAYS * UNIT_MS.d) {
    throw invalidInput(`expires "${lifetime}": at most ${MAX_TOKEN_LIFETIME_DAYS}d`);
  }
  return new Date(now.getTime() + ms);
}
