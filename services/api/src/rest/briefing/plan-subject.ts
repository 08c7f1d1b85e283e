import { invalidInput, notFound } from '@clos/domain';
import type pg from 'pg';
import type { CallContext } from '../../auth/authorize-services.js';
import { callerPersonId } from '../search/caller-person.js';

/** A person of the record. */
export interface PlanPerson {
  id: string;
  name: string | null;
}

/**
 * The person a plan or an assessment is about: the one named, else the one the token acts
 * for. A token acting for nobody must name someone (400 naming `person`).
 */
export async function resolvePerson(pool: pg.Pool, ctx: CallContext, person: string | undefined): Promise<PlanPerson> {
  const id = person ?? (await callerPersonId(pool, ctx.principal));
  if (id === null) {
    throw invalidInput('Invalid input: querystring.person: this token acts for no person; name one with ?person=<id>', {
      issues: [{ path: 'querystring.person', message: 'required: the token acts for no person' }],
    });
  }
  const { rows } = await pool.query<PlanPerson>('SELECT id, name FROM people WHERE id = $1', [id]);
  if (rows[0] === undefined) throw notFound(`No person "${id}"`, { personId: id });
  return rows[0];
}
