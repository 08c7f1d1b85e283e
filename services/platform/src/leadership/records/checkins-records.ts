import { conflict, notFound } from '@clos/domain';
import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import { fieldCodec } from './field-codec.js';

/** Energy as a person rates it in the morning. */
export const ENERGY_LEVELS = ['high', 'medium', 'low'] as const;
export type Energy = (typeof ENERGY_LEVELS)[number];

/** How the day's mission ended: done oneself, handed on, or still live. */
export const COMPLETION_TYPES = ['delivered', 'delegated', 'live'] as const;
export type CompletionType = (typeof COMPLETION_TYPES)[number];

/** A morning check-in, decrypted. */
export interface Checkin {
  id: string;
  date: string;
  energy: Energy;
  stress: number;
  tension: boolean;
  circular: boolean;
  mission: string | null;
  completion: CompletionType | null;
  completedAt: string | null;
  reflection: string | null;
  createdAt: string;
}

interface CheckinRow {
  id: string;
  local_date: string;
  energy: Energy;
  stress: number;
  tension: boolean;
  circular: boolean;
  mission_enc: string | null;
  completion: CompletionType | null;
  completed_at: Date | null;
  reflection_enc: string | null;
  created_at: Date;
}

const COLUMNS = `id, to_char(local_date, 'YYYY-MM-DD') AS local_date, energy, stress, tension, circular, mission_enc,
  completion, completed_at, reflection_enc, created_at`;

/** Check-ins of one person; the only way their rows are read or written. */
export function checkinRecords(db: Queryable, cipher: FieldCipher, personId: string) {
  const codec = fieldCodec(cipher, 'leadership_checkins', personId);
  const toCheckin = (r: CheckinRow): Checkin => ({
    id: r.id,
    date: r.local_date,
    energy: r.energy,
    stress: r.stress,
    tension: r.tension,
    circular: r.circular,
    mission: codec.openOptional('mission_enc', r.mission_enc),
    completion: r.completion,
    completedAt: r.completed_at?.toISOString() ?? null,
    reflection: codec.openOptional('reflection_enc', r.reflection_enc),
    createdAt: r.created_at.toISOString(),
  });
  const updateToday = async (date: string, set: string, values: unknown[]): Promise<Checkin> => {
    const { rows } = await db.query<CheckinRow>(
      `UPDATE leadership_checkins SET ${set} WHERE person_id = $1 AND local_date = $2::date RETURNING ${COLUMNS}`,
      [personId, date, ...values],
    );
    if (rows[0] === undefined) throw notFound(`No check-in for ${date} yet: start the day with "clos daily checkin"`, { date });
    return toCheckin(rows[0]);
  };

  return {
    /** Records the day's check-in; a second one the same local day is a Conflict. */
    async insert(input: { date: string; energy: Energy; stress: number; tension: boolean; circular: boolean; mission: string | null }): Promise<Checkin> {
      const { rows } = await db.query<CheckinRow>(
        `INSERT INTO leadership_checkins (person_id, local_date, energy, stress, tension, circular, mission_enc)
         VALUES ($1, $2::date, $3, $4, $5, $6, $7)
         ON CONFLICT (person_id, local_date) DO NOTHING RETURNING ${COLUMNS}`,
        [personId, input.date, input.energy, input.stress, input.tension, input.circular, codec.sealOptional('mission_enc', input.mission)],
      );
      if (rows[0] === undefined) throw conflict(`You already checked in on ${input.date}: one check-in per day`, { date: input.date });
      return toCheckin(rows[0]);
    },

    async find(date: string): Promise<Checkin | undefined> {
      const { rows } = await db.query<CheckinRow>(`SELECT ${COLUMNS} FROM leadership_checkins WHERE person_id = $1 AND local_date = $2::date`, [
        personId,
        date,
      ]);
      return rows[0] === undefined ? undefined : toCheckin(rows[0]);
    },

    setMission: (date: string, mission: string) => updateToday(date, 'mission_enc = $3', [codec.seal('mission_enc', mission)]),
    setCompletion: (date: string, completion: CompletionType, at: Date) => updateToday(date, 'completion = $3, completed_at = $4', [completion, at]),
    setReflection: (date: string, reflection: string) => updateToday(date, 'reflection_enc = $3', [codec.seal('reflection_enc', reflection)]),

    /** Check-ins from `from` to `to` (local dates, inclusive), oldest first. */
    async list(from: string, to: string): Promise<Checkin[]> {
      const { rows } = await db.query<CheckinRow>(
        `SELECT ${COLUMNS} FROM leadership_checkins WHERE person_id = $1 AND local_date BETWEEN $2::date AND $3::date ORDER BY local_date`,
        [personId, from, to],
      );
      return rows.map(toCheckin);
    },
  };
}
