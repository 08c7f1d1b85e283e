import type { Queryable } from '@clos/platform';

/** The usage counters GET /api/metrics reports per day. */
export const USAGE_COUNTERS = {
  /** A verified Slack slash command, whichever it was. */
  slackCommand: 'slack.command',
  /** A dashboard page served (an HTML page, not its scripts or the API calls it makes). */
  dashboardView: 'dashboard.view',
} as const;

/** One of {@link USAGE_COUNTERS}. */
export type UsageCounter = (typeof USAGE_COUNTERS)[keyof typeof USAGE_COUNTERS];

/** Adds one to `counter` for the UTC day of `at`: one upsert, one row per day. */
export async function countUsage(db: Queryable, counter: UsageCounter, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO usage_counters (counter, day, count) VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1)
     ON CONFLICT (counter, day) DO UPDATE SET count = usage_counters.count + 1`,
    [counter, at.toISOString()],
  );
}

/**
 * A counting call that never fails its caller: a page or a command is served whether or
 * not the count could be written; `onError` hears of the miss.
 */
export function usageCounter(db: Queryable, counter: UsageCounter, onError: (error: unknown) => void, now: () => Date = () => new Date()): () => void {
  return () => {
    countUsage(db, counter, now()).catch(onError);
  };
}
