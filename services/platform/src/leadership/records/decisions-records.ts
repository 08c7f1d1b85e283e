import { conflict, notFound } from '@clos/domain';
import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import { fieldCodec } from './field-codec.js';

/** How costly a decision is to undo; drives how fast it should be made. */
export const DECISION_TYPES = ['reversible_low', 'reversible_high', 'irreversible'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

/** The target: a decision open longer than this is overdue. */
export const DECISION_TARGET_HOURS = 48;

/** A logged decision, decrypted. */
export interface Decision {
  id: string;
  text: string;
  type: DecisionType;
  openedAt: string;
  decidedAt: string | null;
  /** Hours from opening to deciding; null while open. */
  hoursToDecide: number | null;
  rationale: string | null;
  communicatedTo: string[];
  overdue: boolean;
}

interface DecisionRow {
  id: string;
  text_enc: string;
  decision_type: DecisionType;
  opened_at: Date;
  decided_at: Date | null;
  rationale_enc: string | null;
  communicated_to: string[];
}

const COLUMNS = 'id, text_enc, decision_type, opened_at, decided_at, rationale_enc, communicated_to';

/** Decisions of one person. */
export function decisionRecords(db: Queryable, cipher: FieldCipher, personId: string) {
  const codec = fieldCodec(cipher, 'leadership_decisions', personId);
  const toDecision = (r: DecisionRow, now: Date): Decision => {
    const end = r.decided_at ?? now;
    const hours = (end.getTime() - r.opened_at.getTime()) / 3_600_000;
    return {
      id: r.id,
      text: codec.open('text_enc', r.text_enc),
      type: r.decision_type,
      openedAt: r.opened_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      hoursToDecide: r.decided_at === null ? null : Math.round(hours * 10) / 10,
      rationale: codec.openOptional('rationale_enc', r.rationale_enc),
      communicatedTo: r.communicated_to,
      overdue: r.decided_at === null && hours > DECISION_TARGET_HOURS,
    };
  };
  return {
    async insert(input: { text: string; type: DecisionType; openedAt: Date }, now: Date): Promise<Decision> {
      const { rows } = await db.query<DecisionRow>(
        `INSERT INTO leadership_decisions (person_id, text_enc, decision_type, opened_at) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [personId, codec.seal('text_enc', input.text), input.type, input.openedAt],
      );
      return toDecision(rows[0]!, now);
    },

    /** Marks an open decision decided; deciding one twice is a Conflict. */
    async decide(id: string, input: { rationale: string; communicatedTo: string[]; decidedAt: Date }): Promise<Decision> {
      const { rows } = await db.query<DecisionRow>(
        `UPDATE leadership_decisions SET decided_at = greatest($3, opened_at), rationale_enc = $4, communicated_to = $5
         WHERE person_id = $1 AND id = $2 AND decided_at IS NULL RETURNING ${COLUMNS}`,
        [personId, id, input.decidedAt, codec.seal('rationale_enc', input.rationale), input.communicatedTo],
      );
      if (rows[0] !== undefined) return toDecision(rows[0], input.decidedAt);
      const existing = await db.query('SELECT 1 FROM leadership_decisions WHERE person_id = $1 AND id = $2', [personId, id]);
      if (existing.rowCount === 0) throw notFound(`You have no decision ${id}`, { decisionId: id });
      throw conflict(`Decision ${id} is already decided`, { decisionId: id });
    },

    /** Decisions newest first; open and over 48 h only when `overdue`; opened since `since` when given. */
    async list(options: { overdue?: boolean; open?: boolean; since?: Date; limit: number }, now: Date): Promise<Decision[]> {
      const values: unknown[] = [personId, options.limit];
      const where = ['person_id = $1'];
      if (options.overdue === true) {
        values.push(new Date(now.getTime() - DECISION_TARGET_HOURS * 3_600_000));
        where.push(`decided_at IS NULL AND opened_at < $${values.length}`);
      } else if (options.open === true) {
        where.push('decided_at IS NULL');
      }
      if (options.since !== undefined) {
        values.push(options.since);
        where.push(`opened_at >= $${values.length}`);
      }
      const { rows } = await db.query<DecisionRow>(
        `SELECT ${COLUMNS} FROM leadership_decisions WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id LIMIT $2`,
        values,
      );
      return rows.map((r) => toDecision(r, now));
    },

    /** The type of each of `ids` that is a decision of this person (others are left out); no text is opened. */
    async typesOf(ids: readonly string[]): Promise<Map<string, DecisionType>> {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{ id: string; decision_type: DecisionType }>(
        'SELECT id, decision_type FROM leadership_decisions WHERE person_id = $1 AND id = ANY($2::uuid[])',
        [personId, [...new Set(ids)]],
      );
      return new Map(rows.map((r) => [r.id, r.decision_type]));
    },
  };
}
