import { randomUUID } from 'node:crypto';
import {
  accessCheck,
  authorizeServices,
  liveMemberRoles,
  rolesOfSlackMember,
  type AccessCheck,
  type Authorized,
  type AuthorizeOptions,
  type ConfigSource,
  type Principal,
} from '@clos/app';
import { forbidden, isClosError, podById, podForRepo, projectById, type ClosConfig, type Role } from '@clos/domain';
import { appendAudit, type Queryable } from '@clos/platform';
import { ACCESS_RULES } from '../rest/permissions.js';
import type { ClosServices } from '../rest/services/clos-services.js';
import type { Caller } from './caller.js';

/** The application services as one Slack caller may use them: the REST services under the REST access rules. */
export type SlackServices = (caller: Caller, options?: { correlationId?: string }) => Authorized<ClosServices>;

/**
 * A Slack caller as a principal: the person clos.yml lists under that Slack id, acting under
 * their person id, with the roles the policy in force gives them (re-read on every call, so a
 * member removed from clos.yml loses them at once). Someone clos.yml does not list has none.
 */
export function slackPrincipal(config: ClosConfig, caller: Caller): Principal {
  return {
    actor: caller.personId,
    via: 'slack',
    tokenId: caller.slackUserId,
    name: `slack:${caller.slackUserId}`,
    roles: rolesOfSlackMember(config, caller.slackUserId) ?? {},
    expiresAt: null,
  };
}

/** The access rules asked for one Slack caller without a call: which form to open, which button to offer. */
export type SlackAccess = (caller: Caller) => AccessCheck<ClosServices>;

/**
 * The Slack bot's way into enforcement: the same services, access rules and audit entries
 * as REST and MCP (`stage.advance`, `stage.evidence`, `pod.policy.set`, …), each entry marked
 * `via: slack` with the caller's Slack id. Roles are judged only here, by the rule table.
 */
export function createSlackServices(options: { services: ClosServices; config: ConfigSource; pool: Queryable }): { services: SlackServices; access: SlackAccess } {
  const live = liveMemberRoles(options.config);
  const authorizeOptions = (caller: Caller, correlationId?: string): AuthorizeOptions => ({
    principal: slackPrincipal(options.config.current(), caller),
    correlationId: correlationId ?? `slack:${randomUUID()}`,
    projectPod: (projectId) => projectById(options.config.current(), projectId)?.pod,
    repoPod: (repo) => podForRepo(options.config.current(), repo)?.id,
    // A Slack id the policy no longer lists has no role left (not a refusal without a pod to name).
    liveRoles: (principal) => live(principal) ?? {},
    audit: async (entry) => {
      await appendAudit(options.pool, { ...entry, details: { via: 'slack', slackUserId: caller.slackUserId, ...(entry.details ?? {}) } });
    },
  });
  return {
    services: (caller, call = {}) => authorizeServices(options.services, ACCESS_RULES, authorizeOptions(caller, call.correlationId)),
    access: (caller) => accessCheck(ACCESS_RULES, authorizeOptions(caller)),
  };
}

/**
 * Runs a service call for Slack, wording a refusal of the access rules as people read it in
 * Slack: who may do `action` and what the caller is there.
 */
export async function asSlackCall<T>(config: ClosConfig, action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw slackRefusal(config, error, action);
  }
}

function slackRefusal(config: ClosConfig, error: unknown, action: string): unknown {
  if (!isClosError(error, 'Forbidden')) return error;
  const details = (error.details ?? {}) as { needed?: Role; had?: Role | null; podId?: string; operation?: string };
  if (details.needed === undefined || details.operation === undefined) return error;
  const needed = details.needed === 'member' ? 'a member' : details.needed === 'lead' ? 'a lead or admin' : details.needed === 'admin' ? 'an admin' : 'a viewer';
  if (details.podId === undefined) return forbidden(`Only ${needed}${details.needed === 'admin' ? '' : ' of a pod in clos.yml'} can ${action}.`, details);
  const pod = podById(config, details.podId);
  const podName = pod !== undefined ? `${pod.name} (${pod.id})` : details.podId;
  const who = details.had == null ? `you are not a member of ${podName}` : `you are a ${details.had} there`;
  return forbidden(`Only ${needed} of ${podName} can ${action}; ${who}.`, details);
}
