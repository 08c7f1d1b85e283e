import { workItemLabel, type ClosConfig, type PodConfig, type WipHolder, type WipPolicy, type WipQueueEntry } from '@clos/domain';
import { actions, button, capBlocks, context, divider, escapeText, header, link, section, type KnownBlock } from '@clos/slack';
import { personLabel } from '../caller.js';
import { ageInDays, formatAge } from '../format.js';
import type { SlackReply } from '../reply.js';

/** Action ids of the buttons on a WIP view. */
export const WIP_ACTIONS = { release: 'wip_release', swarm: 'wip_swarm' } as const;

/** What a WIP button carries. */
export interface WipButtonValue {
  podId: string;
  itemId: string;
}

/** What the WIP view shows: the live state, or clos.yml's policy when the pod's workflow has not run. */
export interface WipSnapshot {
  policy: WipPolicy;
  holders: WipHolder[];
  queue: WipQueueEntry[];
  /** False when the live state could not be read and the policy comes from clos.yml. */
  live: boolean;
  /** Why the live state is missing, when it is. */
  note?: string;
}

const REASONS: Record<WipQueueEntry['reason'], string> = {
  pod_limit: 'pod limit',
  person_limit: 'per-person limit',
  expedite_quota: 'expedite quota',
};

function itemLink(item: { id: string; title?: string; url?: string }): string {
  const label = `${workItemLabel(item.id)}${item.title !== undefined ? ` ${item.title}` : ''}`;
  return item.url !== undefined ? link(item.url, label) : escapeText(label);
}

/** The one-line summary: names the pod and its limit (also the notification text). */
export function wipSummary(pod: PodConfig, snapshot: WipSnapshot): string {
  const regular = snapshot.holders.filter((h) => h.lane === 'regular').length;
  return (
    `WIP of ${pod.name} (${pod.id}): ${regular}/${snapshot.policy.limit} in progress, limit ${snapshot.policy.limit}, ` +
    `mode ${snapshot.policy.mode}, ${snapshot.queue.length} queued`
  );
}

/** The Block Kit view of one pod's WIP. */
export function wipBlocks(cfg: ClosConfig, pod: PodConfig, snapshot: WipSnapshot, now: Date, staleAfterDays: number): KnownBlock[] {
  const { policy, holders, queue } = snapshot;
  const regular = holders.filter((h) => h.lane === 'regular');
  const expedite = holders.filter((h) => h.lane === 'expedite');
  const blocks: KnownBlock[] = [
    header(`WIP — ${pod.name} (${pod.id})`),
    section(
      [
        `*Limit* ${policy.limit}`,
        `*Mode* ${policy.mode}`,
        `*In progress* ${regular.length}/${policy.limit}`,
        `*Expedite* ${expedite.length}/${policy.expediteQuota}`,
        `*Queued* ${queue.length}`,
        ...(policy.perPersonLimit !== undefined ? [`*Per person* ≤ ${policy.perPersonLimit}`] : []),
      ].join('  ·  '),
    ),
  ];
  if (!snapshot.live) blocks.push(context(`:information_source: ${snapshot.note ?? 'No work tracked yet; the limit is clos.yml’s.'}`));

  blocks.push(divider(), section(holders.length === 0 ? '*Holding a slot:* nobody' : '*Holding a slot*'));
  for (const holder of holders) {
    const days = ageInDays(holder.since, now);
    const stale = days >= staleAfterDays;
    const lane = holder.lane === 'expedite' ? '  :rotating_light: expedite' : '';
    const staleNote = stale ? `  :hourglass: stale (${days}d)` : '';
    blocks.push(section(`${itemLink(holder)}\n${personLabel(cfg, holder.personId)} · ${formatAge(holder.since, now)}${lane}${staleNote}`));
    const value = JSON.stringify({ podId: pod.id, itemId: holder.id } satisfies WipButtonValue);
    blocks.push(
      actions([
        button({ text: 'Swarm', actionId: WIP_ACTIONS.swarm, value }),
        ...(stale
          ? [
              button({
                text: 'Release',
                actionId: WIP_ACTIONS.release,
                value,
                style: 'danger',
                confirm: {
                  title: 'Release this slot?',
                  text: `${workItemLabel(holder.id)} has held a slot for ${days} days. Releasing it lets the next queued item start.`,
                  confirm: 'Release',
                },
              }),
            ]
          : []),
      ]),
    );
  }

  if (queue.length > 0) {
    const lines = queue.map(
      (entry, i) => `${i + 1}. ${itemLink(entry)} — ${personLabel(cfg, entry.personId)} · waiting ${formatAge(entry.enqueuedAt, now)} · ${REASONS[entry.reason]}`,
    );
    blocks.push(divider(), section(`*Queue*\n${lines.join('\n')}`));
  }

  const perPerson = new Map<string, number>();
  for (const h of regular) if (h.personId !== undefined) perPerson.set(h.personId, (perPerson.get(h.personId) ?? 0) + 1);
  if (perPerson.size > 0) {
    const cap = policy.perPersonLimit !== undefined ? `/${policy.perPersonLimit}` : '';
    blocks.push(context(`Per person: ${[...perPerson].map(([person, n]) => `${personLabel(cfg, person)} ${n}${cap}`).join(' · ')}`));
  }
  return capBlocks(blocks, (hidden) => `…and ${hidden} more blocks; see the dashboard for the full list.`);
}

/** The answer to `/wip <pod>`. */
export function wipReply(cfg: ClosConfig, pod: PodConfig, snapshot: WipSnapshot, now: Date, staleAfterDays: number): SlackReply {
  return { text: wipSummary(pod, snapshot), blocks: wipBlocks(cfg, pod, snapshot, now, staleAfterDays) };
}
