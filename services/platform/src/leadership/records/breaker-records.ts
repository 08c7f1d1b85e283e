import { conflict } from '@clos/domain';
import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import { fieldCodec } from './field-codec.js';

/** A stretch of the personal circuit breaker's simplified mode. */
export interface BreakerEvent {
  id: string;
  reason: string;
  signals: string[];
  activatedAt: string;
  deactivatedAt: string | null;
  signalsAtRecovery: string[] | null;
  active: boolean;
}

interface BreakerRow {
  id: string;
  reason_enc: string;
  signals: string[];
  activated_at: Date;
  deactivated_at: Date | null;
  signals_at_recovery: string[] | null;
}

const COLUMNS = 'id, reason_enc, signals, activated_at, deactivated_at, signals_at_recovery';

/** Circuit-breaker events of one person. */
export function breakerRecords(db: Queryable, cipher: FieldCipher, personId: string) {
  const codec = fieldCodec(cipher, 'leadership_breaker_events', personId);
  const toEvent = (r: BreakerRow): BreakerEvent => ({
    id: r.id,
    reason: codec.open('reason_enc', r.reason_enc),
    signals: r.signals,
    activatedAt: r.activated_at.toISOString(),
    deactivatedAt: r.deactivated_at?.toISOString() ?? null,
    signalsAtRecovery: r.signals_at_recovery,
    active: r.deactivated_at === null,
  });
  return {
    /** Enters simplified mode; already in it is a Conflict (the unique index decides a race). */
    async activate(input: { reason: string; signals: string[]; at: Date }): Promise<BreakerEvent> {
      const { rows } = await db.query<BreakerRow>(
        `INSERT INTO leadership_breaker_events (person_id, reason_enc, signals, activated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id) WHERE deactivated_at IS NULL DO NOTHING RETURNING ${COLUMNS}`,
        [personId, codec.seal('reason_enc', input.reason), input.signals, input.at],
      );
      if (rows[0] === undefined) throw conflict('The circuit breaker is already active: "clos emergency deactivate" ends it');
      return toEvent(rows[0]);
    },
    /** Leaves simplified mode, recording which signals still failed; not active is a Conflict. */
    async deactivate(input: { signals: string[]; at: Date }): Promise<BreakerEvent> {
      const { rows } = await db.query<BreakerRow>(
        `UPDATE leadership_breaker_events SET deactivated_at = greatest($2, activated_at), signals_at_recovery = $3
         WHERE person_id = $1 AND deactivated_at IS NULL RETURNING ${COLUMNS}`,
        [personId, input.at, input.signals],
      );
      if (rows[0] === undefined) throw conflict('The circuit breaker is not active');
      return toEvent(rows[0]);
    },
    async active(): Promise<BreakerEvent | undefined> {
      const { rows } = await db.query<BreakerRow>(`SELECT ${COLUMNS} FROM leadership_breaker_events WHERE person_id = $1 AND deactivated_at IS NULL`, [
        personId,
      ]);
      return rows[0] === undefined ? undefined : toEvent(rows[0]);
    },
    async history(limit: number): Promise<BreakerEvent[]> {
      const { rows } = await db.query<BreakerRow>(
        `SELECT ${COLUMNS} FROM leadership_breaker_events WHERE person_id = $1 ORDER BY activated_at DESC, id LIMIT $2`,
        [personId, limit],
      );
      return rows.map(toEvent);
    },
  };
}
