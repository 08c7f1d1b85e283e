import { invalidInput } from '@clos/domain';
import type { Queryable } from '../db/pool.js';
import type { FieldCipher } from './field-cipher.js';
import { addDays, monthEnd, monthStart, startOfLocalDay, weekStart } from './local-date.js';
import { checkinRecords } from './records/checkins-records.js';
import { decisionRecords } from './records/decisions-records.js';
import { delegationRecords } from './records/delegations-records.js';
import { paralysisRecords } from './records/paralysis-records.js';
import { projectRecords } from './records/projects-records.js';
import { reviewRecords, type Review, type ReviewKind } from './records/reviews-records.js';
import { reviewFigures, type ReviewFigures } from './review-figures.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first and last local day of the week (Monday to Sunday) or month holding `date`. */
export function reviewPeriod(kind: ReviewKind, date: string): { from: string; to: string } {
  if (!DATE.test(date)) throw invalidInput(`date: "${date}" is not a date (YYYY-MM-DD)`);
  const from = kind === 'weekly' ? weekStart(date) : monthStart(date);
  return { from, to: kind === 'weekly' ? addDays(from, 6) : monthEnd(from) };
}

/**
 * The review of the week or month holding `date` for one person: the figures computed from
 * their records of that period, stored with the focus and notes they wrote. The one way a
 * review is made, on request (REST, CLI) and on the schedule alike.
 */
export async function computePeriodReview(
  db: Queryable,
  input: { cipher: FieldCipher; personId: string; kind: ReviewKind; date: string; timeZone: string; now: Date },
): Promise<{ review: Review; figures: ReviewFigures }> {
  const { cipher, personId, kind, now, timeZone } = input;
  const { from, to } = reviewPeriod(kind, input.date);
  // The period's days are the person's local days: a decision at 00:30 on a Monday in Berlin
  // (23:30 UTC on the Sunday) belongs to the week that Monday starts.
  const since = startOfLocalDay(from, timeZone);
  const end = startOfLocalDay(addDays(to, 1), timeZone);
  const until = (iso: string) => new Date(iso) < end;
  const decisions = (await decisionRecords(db, cipher, personId).list({ since, limit: 10_000 }, now)).filter((d) => until(d.openedAt));
  const delegations = (await delegationRecords(db, cipher, personId).list({ since, limit: 10_000 })).filter((d) => until(d.createdAt));
  const figures = reviewFigures({
    from,
    to,
    timeZone,
    checkins: await checkinRecords(db, cipher, personId).list(from, to),
    decisions,
    delegations,
    projects: await projectRecords(db, cipher, personId).list({}),
    paralysisEpisodes: (await paralysisRecords(db, cipher, personId).list(from, to)).length,
  });
  const review = await reviewRecords(db, cipher, personId).saveFigures(kind, from, figures as unknown as Record<string, unknown>);
  return { review, figures };
}

/**
 * Whether the person keeps any leadership record (a check-in, decision, delegation or
 * project): the schedules send reviews only to people who use the layer.
 */
export async function hasLeadershipRecords(db: Queryable, personId: string): Promise<boolean> {
  const { rows } = await db.query<{ used: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM leadership_checkins WHERE person_id = $1)
         OR EXISTS (SELECT 1 FROM leadership_decisions WHERE person_id = $1)
         OR EXISTS (SELECT 1 FROM leadership_delegations WHERE person_id = $1)
         OR EXISTS (SELECT 1 FROM leadership_projects WHERE person_id = $1) AS used`,
    [personId],
  );
  return rows[0]?.used === true;
}
