import { forbidden, personId, podById, roleAtLeast, roleOf, type ClosConfig, type PodConfig, type PodMember, type Role } from '@clos/domain';

/** The person behind a Slack request, as clos.yml knows them. */
export interface Caller {
  slackUserId: string;
  /** The member entry (first pod listing the Slack id); `undefined` for someone clos.yml does not list. */
  member: PodMember | undefined;
  /** The stable person id (GitHub login, else Slack id); `slack:<id>` for a stranger. */
  personId: string;
  /** Display name for messages. */
  name: string;
  /** Pods listing the caller as a member, in file order. */
  pods: PodConfig[];
}

/** Identifies the caller by their Slack user id, the `slack:` field of a clos.yml member. */
export function resolveCaller(cfg: ClosConfig, slackUserId: string): Caller {
  const pods = cfg.pods.filter((pod) => pod.members.some((m) => m.slack === slackUserId));
  const member = pods[0]?.members.find((m) => m.slack === slackUserId);
  return {
    slackUserId,
    member,
    personId: member !== undefined ? personId(member) : `slack:${slackUserId}`,
    name: member?.name ?? member?.github ?? slackUserId,
    pods,
  };
}

/** The caller's role in a pod (admins everywhere), or `undefined`. */
export function callerRole(cfg: ClosConfig, caller: Caller, podId: string): Role | undefined {
  if (caller.member === undefined) return undefined;
  return roleOf(cfg, podId, caller.slackUserId);
}

/**
 * Refuses with `Forbidden` unless the caller holds at least `role` in the pod; the message
 * says what was refused and why, as people read it in Slack. Returns the caller's role.
 */
export function requireRole(cfg: ClosConfig, caller: Caller, podId: string, role: Role, action: string): Role {
  const actual = callerRole(cfg, caller, podId);
  if (!roleAtLeast(actual, role)) {
    const pod = podById(cfg, podId);
    const podName = pod !== undefined ? `${pod.name} (${pod.id})` : podId;
    const who = actual === undefined ? `you are not a member of ${podName}` : `you are a ${actual} there`;
    const needed = role === 'member' ? 'a member' : role === 'lead' ? 'a lead or admin' : `an ${role}`;
    throw forbidden(`Only ${needed} of ${podName} can ${action}; ${who}.`, { podId, required: role, actual: actual ?? null });
  }
  return actual!;
}

/** How to show a person in a message: a Slack mention when clos.yml has their Slack id, else their name or id. */
export function personLabel(cfg: ClosConfig, id: string | undefined): string {
  if (id === undefined) return 'unassigned';
  for (const pod of cfg.pods) {
    for (const member of pod.members) {
      if (personId(member) === id || member.slack === id || member.github?.toLowerCase() === id.toLowerCase()) {
        return member.slack !== undefined ? `<@${member.slack}>` : (member.name ?? id);
      }
    }
  }
  return id.startsWith('slack:') ? `<@${id.slice(6)}>` : id;
}

/** Slack user ids of a pod's members holding at least `role`. */
export function membersWithRole(pod: PodConfig, role: Role): PodMember[] {
  return pod.members.filter((m) => roleAtLeast(m.role, role));
}
