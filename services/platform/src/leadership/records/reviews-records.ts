import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import { fieldCodec } from './field-codec.js';

/** Review cadences. */
export type ReviewKind = 'weekly' | 'monthly';

/** A review of one week or month: the figures computed for it and the person's focus and notes. */
export interface Review {
  kind: ReviewKind;
  periodStart: string;
  figures: Record<string, unknown>;
  focus: string | null;
  secondary: string[];
  notes: string | null;
  updatedAt: string;
}

interface ReviewRow {
  kind: ReviewKind;
  period_start: string;
  figures: Record<string, unknown>;
  focus_enc: string | null;
  secondary_enc: string | null;
  notes_enc: string | null;
  updated_at: Date;
}

const COLUMNS = `kind, to_char(period_start, 'YYYY-MM-DD') AS period_start, figures, focus_enc, secondary_enc, notes_enc, updated_at`;

/** Reviews of one person. */
export function reviewRecords(db: Queryable, cipher: FieldCipher, personId: string) {
  const codec = fieldCodec(cipher, 'leadership_reviews', personId);
  const toReview = (r: ReviewRow): Review => ({
    kind: r.kind,
    periodStart: r.period_start,
    figures: r.figures,
    focus: codec.openOptional('focus_enc', r.focus_enc),
    secondary: r.secondary_enc === null ? [] : (JSON.parse(codec.open('secondary_enc', r.secondary_enc)) as string[]),
    notes: codec.openOptional('notes_enc', r.notes_enc),
    updatedAt: r.updated_at.toISOString(),
  });
  return {
    /** Stores the period's figures, keeping focus and notes already written. */
    async saveFigures(kind: ReviewKind, periodStart: string, figures: Record<string, unknown>): Promise<Review> {
      const { rows } = await db.query<ReviewRow>(
        `INSERT INTO leadership_reviews (person_id, kind, period_start, figures) VALUES ($1, $2, $3::date, $4)
         ON CONFLICT (person_id, kind, period_start) DO UPDATE SET figures = EXCLUDED.figures RETURNING ${COLUMNS}`,
        [personId, kind, periodStart, JSON.stringify(figures)],
      );
      return toReview(rows[0]!);
    },
    /** Sets the week's focus and secondary priorities. */
    async setFocus(periodStart: string, focus: string, secondary: string[]): Promise<Review> {
      const { rows } = await db.query<ReviewRow>(
        `INSERT INTO leadership_reviews (person_id, kind, period_start, focus_enc, secondary_enc) VALUES ($1, 'weekly', $2::date, $3, $4)
         ON CONFLICT (person_id, kind, period_start) DO UPDATE SET focus_enc = EXCLUDED.focus_enc, secondary_enc = EXCLUDED.secondary_enc
         RETURNING ${COLUMNS}`,
        [personId, periodStart, codec.seal('focus_enc', focus), codec.seal('secondary_enc', JSON.stringify(secondary))],
      );
      return toReview(rows[0]!);
    },
    async find(kind: ReviewKind, periodStart: string): Promise<Review | undefined> {
      const { rows } = await db.query<ReviewRow>(
        `SELECT ${COLUMNS} FROM leadership_reviews WHERE person_id = $1 AND kind = $2 AND period_start = $3::date`,
        [personId, kind, periodStart],
      );
      return rows[0] === undefined ? undefined : toReview(rows[0]);
    },
  };
}
