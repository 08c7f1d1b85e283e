import { conflict, notFound } from '@clos/domain';
import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import { fieldCodec } from './field-codec.js';

/** How a delegation ended: the delegate owned it, the delegator stepped back in, or it came back. */
export const DELEGATION_OUTCOMES = ['owned', 're_engaged', 'boomeranged'] as const;
export type DelegationOutcome = (typeof DELEGATION_OUTCOMES)[number];

/** A task handed to someone, decrypted. */
export interface Delegation {
  id: string;
  task: string;
  to: string;
  controlImpulse: number;
  handoffDone: boolean;
  outcome: DelegationOutcome | null;
  createdAt: string;
  closedAt: string | null;
}

interface DelegationRow {
  id: string;
  task_enc: string;
  delegate: string;
  control_impulse: number;
  handoff_done: boolean;
  outcome: DelegationOutcome | null;
  created_at: Date;
  closed_at: Date | null;
}

const COLUMNS = 'id, task_enc, delegate, control_impulse, handoff_done, outcome, created_at, closed_at';

/** Delegations of one person. */
export function delegationRecords(db: Queryable, cipher: FieldCipher, personId: string) {
  const codec = fieldCodec(cipher, 'leadership_delegations', personId);
  const toDelegation = (r: DelegationRow): Delegation => ({
    id: r.id,
    task: codec.open('task_enc', r.task_enc),
    to: r.delegate,
    controlImpulse: r.control_impulse,
    handoffDone: r.handoff_done,
    outcome: r.outcome,
    createdAt: r.created_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
  });
  return {
    async insert(input: { task: string; to: string; controlImpulse: number; handoffDone: boolean }): Promise<Delegation> {
      const { rows } = await db.query<DelegationRow>(
        `INSERT INTO leadership_delegations (person_id, task_enc, delegate, control_impulse, handoff_done)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [personId, codec.seal('task_enc', input.task), input.to, input.controlImpulse, input.handoffDone],
      );
      return toDelegation(rows[0]!);
    },
    /** Records how an open delegation ended; closing one twice is a Conflict. */
    async close(id: string, input: { outcome: DelegationOutcome; handoffDone?: boolean; at: Date }): Promise<Delegation> {
      const { rows } = await db.query<DelegationRow>(
        `UPDATE leadership_delegations SET outcome = $3, closed_at = $4, handoff_done = coalesce($5, handoff_done)
         WHERE person_id = $1 AND id = $2 AND outcome IS NULL RETURNING ${COLUMNS}`,
        [personId, id, input.outcome, input.at, input.handoffDone ?? null],
      );
      if (rows[0] !== undefined) return toDelegation(rows[0]);
      const existing = await db.query('SELECT 1 FROM leadership_delegations WHERE person_id = $1 AND id = $2', [personId, id]);
      if (existing.rowCount === 0) throw notFound(`You have no delegation ${id}`, { delegationId: id });
      throw conflict(`Delegation ${id} already has an outcome`, { delegationId: id });
    },
    /** Delegations made since `since` (all when omitted), newest first. */
    async list(options: { since?: Date; limit: number }): Promise<Delegation[]> {
      const { rows } = await db.query<DelegationRow>(
        `SELECT ${COLUMNS} FROM leadership_delegations WHERE person_id = $1 AND ($3::timestamptz IS NULL OR created_at >= $3)
         ORDER BY created_at DESC, id LIMIT $2`,
        [personId, options.limit, options.since ?? null],
      );
      return rows.map(toDelegation);
    },
  };
}
