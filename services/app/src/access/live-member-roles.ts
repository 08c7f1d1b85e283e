import type { ConfigSource } from '@clos/platform';
import { rolesOfGithubMember, rolesOfSlackMember } from './member-roles.js';
import type { Principal } from './principal.js';
import type { PodRoles } from './token-roles.js';

/** How a session opened by "Sign in with GitHub" is named: `github:<login>`. */
const GITHUB_SESSION = /^github:(.+)$/;

/**
 * Roles that follow the live policy. A browser session opened by a GitHub login and a Slack
 * caller have, on every call, the roles the policy in force gives that login or Slack id —
 * none (`null`) once it is removed from every pod, so removing a member from clos.yml ends
 * their access at once. Other principals (API tokens, login-link sessions) keep the roles
 * they were issued with (`undefined`).
 */
export function liveMemberRoles(config: ConfigSource): (principal: Principal) => PodRoles | null | undefined {
  return (principal) => {
    if (principal.via === 'slack') return rolesOfSlackMember(config.current(), principal.tokenId) ?? null;
    if (principal.via !== 'session') return undefined;
    const login = GITHUB_SESSION.exec(principal.name)?.[1];
    if (login === undefined) return undefined;
    return rolesOfGithubMember(config.current(), login) ?? null;
  };
}
