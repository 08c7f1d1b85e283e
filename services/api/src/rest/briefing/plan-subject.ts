import { notFound } from '@clos/domain';
import type pg from 'pg';
import type { CallContext } from '@clos/app';
import { callerPersonId } from '../search/caller-person.js';

/** A person of the record. */
export interface PlanPerson {
  id: string;
  name: string | null;
}

/**
 * The person a plan or an assessment is about: the one named, else the one the token acts
 * for. A token acting for nobody must name someone (404 saying so).
 */
export async function resolvePerson(pool: pg.Pool, ctx: CallContext, person: string | undefined): Promise<PlanPerson> {
  const id = person ?? (await callerPersonId(pool, ctx.principal));
  // Not a malformed request (every parameter is valid): there is no person to answer for.
  if (id === null) throw notFound('No person: this token acts for no person; name one with ?person=<id>', { personId: null });
  const { rows } = await pool.query<PlanPerson>('SELECT id, name FROM people WHERE id = $1', [id]);
  if (rows[0] === undefined) throw notFound(`No person "${id}"`, { personId: id });
  return rows[0];
}
