import type { ClosConfig } from '../config/config-schema.js';
import { personId } from '../config/lookup.js';
import type { Role } from '../roles.js';
import { DIGEST_KINDS, parseDigestTime, type DigestKind, type DigestTime } from './digest-schedule.js';

/** A person as digests see them: identities, time zone, when each digest runs, and their pods. */
export interface DigestPerson {
  personId: string;
  name: string;
  /** Slack user id; without one no digest can be delivered. */
  slack?: string;
  timezone: string;
  times: Record<DigestKind, DigestTime>;
  pods: { podId: string; role: Role }[];
}

/**
 * Everyone clos.yml lists, once each even when in several pods. A person's time zone and
 * digest times come from the first of their member entries that sets them, else the
 * organisation's zone and the defaults.
 */
export function digestPeople(cfg: ClosConfig): DigestPerson[] {
  const people = new Map<string, DigestPerson & { digestsSet: boolean; zoneSet: boolean }>();
  for (const pod of cfg.pods) {
    for (const member of pod.members) {
      const id = personId(member);
      let person = people.get(id);
      if (person === undefined) {
        person = {
          personId: id,
          name: member.name ?? member.github ?? id,
          timezone: cfg.timezone,
          times: Object.fromEntries(DIGEST_KINDS.map((kind) => [kind, parseDigestTime(kind, undefined)])) as Record<DigestKind, DigestTime>,
          pods: [],
          digestsSet: false,
          zoneSet: false,
        };
        people.set(id, person);
      }
      person.pods.push({ podId: pod.id, role: member.role });
      if (person.slack === undefined && member.slack !== undefined) person.slack = member.slack;
      if (member.name !== undefined && person.name === (member.github ?? id)) person.name = member.name;
      if (!person.zoneSet && member.timezone !== undefined) {
        person.timezone = member.timezone;
        person.zoneSet = true;
      }
      if (!person.digestsSet && member.digests !== undefined) {
        const digests = member.digests;
        person.times = Object.fromEntries(DIGEST_KINDS.map((kind) => [kind, parseDigestTime(kind, digests[kind])])) as Record<DigestKind, DigestTime>;
        person.digestsSet = true;
      }
    }
  }
  return [...people.values()].map(({ digestsSet: _d, zoneSet: _z, ...person }) => person);
}

/** One person by id or any identity (GitHub login, Slack id, Linear), or `undefined`. */
export function digestPerson(cfg: ClosConfig, idOrIdentity: string): DigestPerson | undefined {
  const lower = idOrIdentity.toLowerCase();
  const people = digestPeople(cfg);
  const byId = people.find((p) => p.personId.toLowerCase() === lower || p.slack === idOrIdentity);
  if (byId !== undefined) return byId;
  for (const pod of cfg.pods) {
    const member = pod.members.find((m) => m.github?.toLowerCase() === lower || m.linear?.toLowerCase() === lower || m.name?.toLowerCase() === lower);
    if (member !== undefined) return people.find((p) => p.personId === personId(member));
  }
  return undefined;
}
