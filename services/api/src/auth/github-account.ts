import type { Queryable } from '@clos/platform';

/** How a signed-in GitHub account relates to the members clos.yml names. */
export type GithubAccountMatch =
  /** The account is the member named by this clos.yml login (by its pinned id, or pinned now). */
  | { ok: true; memberLogin: string }
  /** clos.yml's login belongs to another account now: the member it names signed in before with another id. */
  | { ok: false; reason: 'account_changed' }
  /** No member has this login or this account id. */
  | { ok: false; reason: 'unknown' };

/**
 * Matches a GitHub account to a member by its numeric id, not its mutable login. A member
 * whose id is pinned is found by id, whatever their login is now (a rename keeps their
 * roles). A member not pinned yet is found by login and pinned to this id, once. A login
 * whose member is pinned to another id has changed hands: refused.
 */
export async function matchGithubAccount(db: Queryable, account: { login: string; id: number }): Promise<GithubAccountMatch> {
  const byId = await db.query<{ github_login: string }>('SELECT github_login FROM people WHERE github_id = $1 AND github_login IS NOT NULL', [account.id]);
  if (byId.rows[0] !== undefined) return { ok: true, memberLogin: byId.rows[0].github_login };
  const pinned = await db.query<{ github_login: string; github_id: string | null }>(
    `UPDATE people SET github_id = COALESCE(github_id, $2)
     WHERE lower(github_login) = lower($1)
     RETURNING github_login, github_id::text`,
    [account.login, account.id],
  );
  if (pinned.rows.length === 0) return { ok: false, reason: 'unknown' };
  if (pinned.rows.some((row) => row.github_id !== String(account.id))) return { ok: false, reason: 'account_changed' };
  return { ok: true, memberLogin: pinned.rows[0]!.github_login };
}
