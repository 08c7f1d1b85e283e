import type { WipHolder, WipLane, WipQueueReason, WipState, WorkItemRef } from './wip-types.js';

/** How full a pod is. */
export interface WipUsage {
  /** Holders of regular slots. */
  regular: number;
  limit: number;
  /** Holders of expedite slots. */
  expedite: number;
  expediteQuota: number;
  /** Items waiting. */
  queued: number;
}

/** Counts holders by lane, and the queue. */
export function wipUsage(state: WipState): WipUsage {
  let regular = 0;
  for (const h of state.holders) if (h.lane === 'regular') regular++;
  return {
    regular,
    limit: state.policy.limit,
    expedite: state.holders.length - regular,
    expediteQuota: state.policy.expediteQuota,
    queued: state.queue.length,
  };
}

/** Regular slots a person holds. */
export function regularHeldBy(holders: readonly WipHolder[], personId: string): WipHolder[] {
  return holders.filter((h) => h.lane === 'regular' && h.personId === personId);
}

/**
 * Where an item would go if it asked now. Expedite items take an expedite slot while the
 * quota lasts, else a regular slot like anyone else; expedite slots ignore the per-person
 * limit, which counts regular slots only. Items without a person have no per-person limit.
 */
export function admission(
  state: Pick<WipState, 'policy' | 'holders'>,
  item: Pick<WorkItemRef, 'personId' | 'expedite'>,
): { lane: WipLane } | { reason: WipQueueReason } {
  const { policy, holders } = state;
  let regular = 0;
  let expedite = 0;
  let personal = 0;
  for (const h of holders) {
    if (h.lane === 'expedite') expedite++;
    else {
      regular++;
      if (item.personId !== undefined && h.personId === item.personId) personal++;
    }
  }
  const wantsExpedite = item.expedite === true && policy.expediteQuota > 0;
  if (wantsExpedite && expedite < policy.expediteQuota) return { lane: 'expedite' };
  const podFull = regular >= policy.limit;
  const personFull = policy.perPersonLimit !== undefined && item.personId !== undefined && personal >= policy.perPersonLimit;
  if (!podFull && !personFull) return { lane: 'regular' };
  if (wantsExpedite) return { reason: 'expedite_quota' };
  return { reason: podFull ? 'pod_limit' : 'person_limit' };
}
