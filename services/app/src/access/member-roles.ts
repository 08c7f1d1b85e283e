import { roleAtLeast, type ClosConfig, type PodMember, type Role } from '@clos/domain';
import { ANY_POD, type PodRoles } from './token-roles.js';

/**
 * The roles clos.yml gives the members `matches` picks: the role in each pod that lists
 * them, or organisation-wide admin when any pod makes them an admin (admins run the
 * organisation, not one team). `undefined` when no pod lists them.
 */
function rolesOfMember(config: ClosConfig, matches: (member: PodMember) => boolean): PodRoles | undefined {
  const roles: Record<string, Role> = {};
  let member = false;
  for (const pod of config.pods) {
    for (const m of pod.members) {
      if (!matches(m)) continue;
      member = true;
      if (m.role === 'admin') return { [ANY_POD]: 'admin' };
      const previous = roles[pod.id];
      if (previous === undefined || roleAtLeast(m.role, previous)) roles[pod.id] = m.role;
    }
  }
  return member ? roles : undefined;
}

/** The roles clos.yml gives a GitHub account (GitHub logins ignore case). */
export function rolesOfGithubMember(config: ClosConfig, login: string): PodRoles | undefined {
  const wanted = login.toLowerCase();
  return rolesOfMember(config, (m) => m.github?.toLowerCase() === wanted);
}

/** The roles clos.yml gives a Slack user, by the `slack:` id of its member entries. */
export function rolesOfSlackMember(config: ClosConfig, slackUserId: string): PodRoles | undefined {
  return rolesOfMember(config, (m) => m.slack === slackUserId);
}
