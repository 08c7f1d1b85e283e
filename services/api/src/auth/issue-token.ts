import { invalidInput } from '@clos/domain';
import type { Queryable } from '@clos/platform';
import { ANY_POD, podRolesSchema, type PodRoles } from '@clos/app';
import { insertToken, unknownPods, type IssuedToken } from './token-store.js';

/** A request for a new token, as the API and the CLI take it. */
export interface TokenRequest {
  name: string;
  roles: PodRoles;
  /** `null`: never expires. */
  expiresAt: Date | null;
  createdBy: string;
  /** The clos.yml member the token acts for (a `people` id, e.g. the GitHub login). */
  personId?: string | undefined;
}

/**
 * Issues a token after checking what it asks for: a name, valid roles, pods the record
 * knows, an expiry in the future. Throws InvalidInput naming what is wrong.
 */
export async function issueToken(db: Queryable, request: TokenRequest, now: Date): Promise<IssuedToken> {
  const name = request.name.trim();
  if (name.length === 0 || name.length > 200) throw invalidInput('name: must be 1 to 200 characters');
  const roles = podRolesSchema.safeParse(request.roles);
  if (!roles.success) {
    const issue = roles.error.issues[0]!;
    throw invalidInput(`roles${issue.path.length ? `.${String(issue.path[0])}` : ''}: ${issue.message}`, {
      issues: roles.error.issues.map((i) => ({ path: ['roles', ...i.path.map(String)].join('.'), message: i.message })),
    });
  }
  const missing = await unknownPods(
    db,
    Object.keys(roles.data).filter((pod) => pod !== ANY_POD),
  );
  if (missing.length > 0) {
    throw invalidInput(`roles: no pod ${missing.map((p) => `"${p}"`).join(', ')} (pods come from clos.yml)`, { unknownPods: missing });
  }
  if (request.expiresAt !== null && request.expiresAt.getTime() <= now.getTime()) {
    throw invalidInput('expiresAt: must be in the future');
  }
  const personId = request.personId === undefined ? null : await knownPerson(db, request.personId);
  return insertToken(db, { name, roles: roles.data, expiresAt: request.expiresAt, createdBy: request.createdBy, personId });
}

/** The `people` id of a member named by id or GitHub login; InvalidInput when clos.yml lists no such member. */
export async function knownPerson(db: Queryable, person: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM people WHERE id = $1 OR lower(github_login) = lower($1) ORDER BY id = $1 DESC LIMIT 1', [
    person.trim(),
  ]);
  if (rows[0] === undefined) throw invalidInput(`person: no member "${person}" (members come from clos.yml)`, { person });
  return rows[0].id;
}
