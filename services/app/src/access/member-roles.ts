import { roleAtLeast, type ClosConfig, type Role } from '@clos/domain';
import { ANY_POD, type PodRoles } from './token-roles.js';

/**
 * The roles clos.yml gives a GitHub account: its role in each pod that lists it, or
 * organisation-wide admin when any pod makes it an admin (admins run the organisation,
 * not one team). `undefined` when no pod lists the login (GitHub logins ignore case).
 */
export function rolesOfGithubMember(config: ClosConfig, login: string): PodRoles | undefined {
  const wanted = login.toLowerCase();
  const roles: Record<string, Role> = {};
  let member = false;
  for (const pod of config.pods) {
    for (const m of pod.members) {
      if (m.github?.toLowerCase() !== wanted) continue;
      member = true;
      if (m.role === 'admin') return { [ANY_POD]: 'admin' };
      const previous = roles[pod.id];
      if (previous === undefined || roleAtLeast(m.role, previous)) roles[pod.id] = m.role;
    }
  }
  return member ? roles : undefined;
}
