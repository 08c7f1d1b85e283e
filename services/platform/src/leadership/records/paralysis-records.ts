import { notFound } from '@clos/domain';
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
  /** The decision of the person's decision log this episode is stuck on, when named. */
  decisionId: string | null;
  createdAt: string;
}

interface ParalysisRow {
  id: string;
  local_date: string;
  decision_enc: string;
  fear_enc: string;
  stress: number | null;
  energy: Energy | null;
  decision_id: string | null;
  created_at: Date;
}

const COLUMNS = `id, to_char(local_date, 'YYYY-MM-DD') AS local_date, decision_enc, fear_enc, stress, energy, decision_id, created_at`;

/** Postgres' name for the key that holds an episode to a decision of the same person. */
const DECISION_KEY = 'leadership_paralysis_decision_fkey';

/** Linking a decision the person does not have: named by the field the caller sent. */
const noSuchDecision = (decisionId: string) =>
  notFound(`decisionId: you have no decision ${decisionId} (link one of your own, see "clos decision list")`, { decisionId });

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
    decisionId: r.decision_id,
    createdAt: r.created_at.toISOString(),
  });
  return {
    /**
     * Records an episode with the day's stress and energy as context, linked to `decisionId`
     * when given: a decision of another person, or none, is NotFound and nothing is written.
     */
    async insert(input: { date: string; decision: string; fear: string; stress: number | null; energy: Energy | null; decisionId: string | null }): Promise<ParalysisEpisode> {
      let rows: ParalysisRow[];
      try {
        // The owner check and the write are one statement; the key refuses what slips between
        // (the decision deleted meanwhile by a restore).
        ({ rows } = await db.query<ParalysisRow>(
          `INSERT INTO leadership_paralysis (person_id, local_date, decision_enc, fear_enc, stress, energy, decision_id)
           SELECT $1, $2::date, $3, $4, $5, $6, $7::uuid
           WHERE $7::uuid IS NULL OR EXISTS (SELECT 1 FROM leadership_decisions WHERE person_id = $1 AND id = $7::uuid)
           RETURNING ${COLUMNS}`,
          [personId, input.date, codec.seal('decision_enc', input.decision), codec.seal('fear_enc', input.fear), input.stress, input.energy, input.decisionId],
        ));
      } catch (error) {
        if (input.decisionId !== null && (error as { constraint?: unknown } | null)?.constraint === DECISION_KEY) throw noSuchDecision(input.decisionId);
        throw error;
      }
      if (rows[0] === undefined) throw noSuchDecision(input.decisionId!);
      return toEpisode(rows[0]);
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
