import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import type { Energy } from './checkins-records.js';
import { fieldCodec } from './field-codec.js';

/** A moment of being stuck on a decision, and the fear behind it. */
export interface ParalysisEpisode {
  id: string;
  date: string;
  decision: string;
  fear: string;
  stress: number | null;
  energy: Energy | null;
  createdAt: string;
}

interface ParalysisRow {
  id: string;
  local_date: string;
  decision_enc: string;
  fear_enc: string;
  stress: number | null;
  energy: Energy | null;
  created_at: Date;
}

const COLUMNS = `id, to_char(local_date, 'YYYY-MM-DD') AS local_date, decision_enc, fear_enc, stress, energy, created_at`;

/** Paralysis episodes of one person. */
export function paralysisRecords(db: Queryable, cipher: FieldCipher, personId: string) {
  const codec = fieldCodec(cipher, 'leadership_paralysis', personId);
  const toEpisode = (r: ParalysisRow): ParalysisEpisode => ({
    id: r.id,
    date: r.local_date,
    decision: codec.open('decision_enc', r.decision_enc),
    fear: codec.open('fear_enc', r.fear_enc),
    stress: r.stress,
    energy: r.energy,
    createdAt: r.created_at.toISOString(),
  });
  return {
    /** Records an episode with the day's stress and energy as context. */
    async insert(input: { date: string; decision: string; fear: string; stress: number | null; energy: Energy | null }): Promise<ParalysisEpisode> {
      const { rows } = await db.query<ParalysisRow>(
        `INSERT INTO leadership_paralysis (person_id, local_date, decision_enc, fear_enc, stress, energy)
         VALUES ($1, $2::date, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [personId, input.date, codec.seal('decision_enc', input.decision), codec.seal('fear_enc', input.fear), input.stress, input.energy],
      );
      return toEpisode(rows[0]!);
    },
    /** Episodes on local dates from `from` to `to`, oldest first. */
    async list(from: string, to: string): Promise<ParalysisEpisode[]> {
      const { rows } = await db.query<ParalysisRow>(
        `SELECT ${COLUMNS} FROM leadership_paralysis WHERE person_id = $1 AND local_date BETWEEN $2::date AND $3::date ORDER BY created_at`,
        [personId, from, to],
      );
      return rows.map(toEpisode);
    },
  };
}
