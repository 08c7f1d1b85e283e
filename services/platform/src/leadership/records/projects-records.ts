import { conflict, notFound } from '@clos/domain';
import type { Queryable } from '../../db/pool.js';
import type { FieldCipher } from '../field-cipher.js';
import { fieldCodec } from './field-codec.js';

/** A leadership project's health. */
export const PROJECT_STATUSES = ['green', 'yellow', 'red'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A leadership project, decrypted: judged on its real deadline against its estimate at completion. */
export interface LeadershipProject {
  id: string;
  name: string;
  criteria: string;
  deadline: string;
  eac: string;
  /** Days the estimate runs past the deadline (negative: ahead). */
  slipDays: number;
  status: ProjectStatus;
  value: number | null;
  leverage: number | null;
  netEnergy: number | null;
  state: 'active' | 'completed' | 'killed';
  completedAt: string | null;
  shippedEarly: boolean | null;
  killedAt: string | null;
  killedReason: string | null;
  createdAt: string;
}

interface ProjectRow {
  id: string;
  name_enc: string;
  criteria_enc: string;
  deadline: string;
  eac: string;
  slip_days: number;
  status: ProjectStatus;
  value: number | null;
  leverage: number | null;
  net_energy: number | null;
  completed_at: Date | null;
  shipped_early: boolean | null;
  killed_at: Date | null;
  killed_reason_enc: string | null;
  created_at: Date;
}

const COLUMNS = `id, name_enc, criteria_enc, to_char(deadline, 'YYYY-MM-DD') AS deadline, to_char(eac, 'YYYY-MM-DD') AS eac,
  (eac - deadline) AS slip_days, status, value, leverage, net_energy, completed_at, shipped_early, killed_at, killed_reason_enc, created_at`;

/** What a project is created with. */
export interface NewProject {
  name: string;
  criteria: string;
  deadline: string;
  eac: string;
  value?: number | undefined;
  leverage?: number | undefined;
  netEnergy?: number | undefined;
}

/** Leadership projects of one person. */
export function projectRecords(db: Queryable, cipher: FieldCipher, personId: string) {
  const codec = fieldCodec(cipher, 'leadership_projects', personId);
  const toProject = (r: ProjectRow): LeadershipProject => ({
    id: r.id,
    name: codec.open('name_enc', r.name_enc),
    criteria: codec.open('criteria_enc', r.criteria_enc),
    deadline: r.deadline,
    eac: r.eac,
    slipDays: r.slip_days,
    status: r.status,
    value: r.value,
    leverage: r.leverage,
    netEnergy: r.net_energy,
    state: r.killed_at !== null ? 'killed' : r.completed_at !== null ? 'completed' : 'active',
    completedAt: r.completed_at?.toISOString() ?? null,
    shippedEarly: r.shipped_early,
    killedAt: r.killed_at?.toISOString() ?? null,
    killedReason: codec.openOptional('killed_reason_enc', r.killed_reason_enc),
    createdAt: r.created_at.toISOString(),
  });
  /** Updates an active project; a finished or unknown one is a Conflict or NotFound. */
  const updateActive = async (id: string, set: string, values: unknown[]): Promise<LeadershipProject> => {
    const { rows } = await db.query<ProjectRow>(
      `UPDATE leadership_projects SET ${set} WHERE person_id = $1 AND id = $2 AND completed_at IS NULL AND killed_at IS NULL RETURNING ${COLUMNS}`,
      [personId, id, ...values],
    );
    if (rows[0] !== undefined) return toProject(rows[0]);
    const existing = await db.query('SELECT 1 FROM leadership_projects WHERE person_id = $1 AND id = $2', [personId, id]);
    if (existing.rowCount === 0) throw notFound(`You have no leadership project ${id}`, { projectId: id });
    throw conflict(`Project ${id} is already completed or killed`, { projectId: id });
  };
  return {
    async insert(input: NewProject): Promise<LeadershipProject> {
      const { rows } = await db.query<ProjectRow>(
        `INSERT INTO leadership_projects (person_id, name_enc, criteria_enc, deadline, eac, value, leverage, net_energy)
         VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8) RETURNING ${COLUMNS}`,
        [
          personId,
          codec.seal('name_enc', input.name),
          codec.seal('criteria_enc', input.criteria),
          input.deadline,
          input.eac,
          input.value ?? null,
          input.leverage ?? null,
          input.netEnergy ?? null,
        ],
      );
      return toProject(rows[0]!);
    },
    setStatus: (id: string, status: ProjectStatus, eac?: string) =>
      updateActive(id, 'status = $3, eac = coalesce($4::date, eac)', [status, eac ?? null]),
    complete: (id: string, at: Date, early: boolean) => updateActive(id, 'completed_at = $3, shipped_early = $4', [at, early]),
    kill: (id: string, at: Date, reason: string) => updateActive(id, 'killed_at = $3, killed_reason_enc = $4', [at, codec.seal('killed_reason_enc', reason)]),
    /** Projects by deadline; only those neither completed nor killed when `active`. */
    async list(options: { active?: boolean }): Promise<LeadershipProject[]> {
      const { rows } = await db.query<ProjectRow>(
        `SELECT ${COLUMNS} FROM leadership_projects WHERE person_id = $1
           AND (NOT $2 OR (completed_at IS NULL AND killed_at IS NULL))
         ORDER BY deadline, created_at, id`,
        [personId, options.active === true],
      );
      return rows.map(toProject);
    },
  };
}
