import { notFound, type Role } from '@clos/domain';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { decodeCursor, pageOf, type Page } from '../pagination.js';
import type { listPeopleQuerySchema, personSchema } from '../schemas/people-schemas.js';
import type { ServiceDependencies } from './service-context.js';

type Person = z.output<typeof personSchema>;

interface PersonRow {
  id: string;
  name: string | null;
  github_login: string | null;
  slack_user_id: string | null;
  linear_user: string | null;
  memberships: { podId: string; role: Role }[];
}

/**
 * People and their memberships, limited to the pods the caller sees: a person shows up
 * when they are in one of those pods, with those memberships only.
 */
function peopleQuery(where: string): string {
  return `SELECT pe.id, pe.name, pe.github_login, pe.slack_user_id, pe.linear_user,
      coalesce(jsonb_agg(jsonb_build_object('podId', m.pod_id, 'role', m.role) ORDER BY m.pod_id), '[]'::jsonb) AS memberships
    FROM people pe JOIN memberships m ON m.person_id = pe.id
    WHERE ${where}
    GROUP BY pe.id`;
}

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    github: row.github_login,
    slack: row.slack_user_id,
    linear: row.linear_user,
    memberships: row.memberships,
  };
}

/** Reading people. */
export function peopleService(deps: ServiceDependencies) {
  const visible = (ctx: CallContext, values: unknown[]): string => {
    if (ctx.pods === 'all') return 'TRUE';
    values.push(ctx.pods);
    return `m.pod_id = ANY($${values.length}::text[])`;
  };

  return {
    /** People in the pods the caller sees, by id. */
    async listPeople(ctx: CallContext, input: z.output<typeof listPeopleQuerySchema>): Promise<Page<Person>> {
      const values: unknown[] = [input.limit + 1];
      const where = [visible(ctx, values)];
      if (input.pod !== undefined) {
        values.push(input.pod);
        where.push(`EXISTS (SELECT 1 FROM memberships x WHERE x.person_id = pe.id AND x.pod_id = $${values.length})`);
      }
      if (input.cursor !== undefined) {
        const [after] = decodeCursor('people', input.cursor, z.tuple([z.string()]));
        values.push(after);
        where.push(`pe.id > $${values.length}`);
      }
      const { rows } = await deps.pool.query<PersonRow>(`${peopleQuery(where.join(' AND '))} ORDER BY pe.id LIMIT $1`, values);
      return pageOf(rows, input.limit, 'people', (r) => [r.id], toPerson);
    },

    /** One person, when they are in a pod the caller sees. */
    async getPerson(ctx: CallContext, input: { personId: string }): Promise<Person> {
      const values: unknown[] = [input.personId];
      const { rows } = await deps.pool.query<PersonRow>(peopleQuery(`pe.id = $1 AND ${visible(ctx, values)}`), values);
      if (rows[0] === undefined) throw notFound(`No person "${input.personId}" in the pods this token sees`, { personId: input.personId });
      return toPerson(rows[0]);
    },
  };
}
