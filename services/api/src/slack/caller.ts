import { personId, type ClosConfig, type PodConfig, type PodMember } from '@clos/domain';

/**
 * The person behind a Slack request, as clos.yml knows them. Who they are, not what they may
 * do: the application services' access rules judge that (`slack-services.ts`).
 */
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
