import { fitDescription, fitWithList } from '../status-description.js';
import { workItemLabel } from '../work-items.js';
import { admission, regularHeldBy, wipUsage } from './wip-usage.js';
import type { WipHolder, WipQueueEntry, WipState } from './wip-types.js';

/** What the `clos/wip` commit status of a work item should say. */
export interface WipVerdict {
  state: 'success' | 'failure';
  /** At most 140 characters (GitHub's limit). */
  description: string;
}

/**
 * The `clos/wip` verdict of a work item. A holder is green; a waiting item is red in
 * `enforce` mode with what to finish first ("WIP 3/3 — finish #12, #15 or PAY-44 first
 * (queue #1)"). `warn` keeps it green prefixed "Over WIP limit:"; `observe` keeps it green
 * and says what enforcing would do. An item the pod does not track is green, not counted.
 */
export function wipVerdict(state: WipState, itemId: string): WipVerdict {
  const usage = wipUsage(state);
  const wip = `WIP ${usage.regular}/${usage.limit}`;
  const holder = state.holders.find((h) => h.id === itemId);
  if (holder !== undefined) {
    const description =
      holder.lane === 'expedite' ? `Expedite ${usage.expedite}/${usage.expediteQuota} — slot held (${wip})` : `${wip} — slot held`;
    return { state: 'success', description: fitDescription(description) };
  }
  const index = state.queue.findIndex((q) => q.id === itemId);
  const entry = state.queue[index];
  if (entry === undefined) return { state: 'success', description: `${wip} — not counted` };

  const { head, blockers } = blockedBy(state, entry);
  const labels = [...new Set(blockers.map((h) => workItemLabel(h.id)))];
  const tail = ` (queue #${index + 1})`;
  const prefix = state.policy.mode === 'warn' ? 'Over WIP limit: ' : state.policy.mode === 'observe' ? 'Observe: enforce would block — ' : '';
  const description =
    labels.length === 0
      ? fitDescription(`${prefix}${head} — waiting for a free slot${tail}`)
      : fitWithList(labels, (list) => `${prefix}${head} — finish ${list} first${tail}`);
  return { state: state.policy.mode === 'enforce' ? 'failure' : 'success', description };
}

/** The limit an entry waits on now, and the holders whose release would let it in. */
function blockedBy(state: WipState, entry: WipQueueEntry): { head: string; blockers: WipHolder[] } {
  const usage = wipUsage(state);
  const wip = `WIP ${usage.regular}/${usage.limit}`;
  const decision = admission(state, entry);
  const reason = 'reason' in decision ? decision.reason : entry.reason;
  const regular = state.holders.filter((h) => h.lane === 'regular');
  switch (reason) {
    case 'person_limit': {
      const personal = entry.personId === undefined ? [] : regularHeldBy(state.holders, entry.personId);
      return { head: `${entry.personId ?? 'person'} at ${personal.length}/${state.policy.perPersonLimit ?? 0} (${wip})`, blockers: personal };
    }
    case 'expedite_quota':
      return {
        head: `Expedite ${usage.expedite}/${usage.expediteQuota}, ${wip}`,
        blockers: [...state.holders.filter((h) => h.lane === 'expedite'), ...regular],
      };
    case 'pod_limit':
      return { head: wip, blockers: regular };
  }
}
