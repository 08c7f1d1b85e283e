import { invalidInput } from '../errors.js';
import { describeIssues, toValidationIssues } from '../issue-path.js';
import { admission } from './wip-usage.js';
import {
  wipPolicySchema,
  type AcquireOutcome,
  type WipHolder,
  type WipLane,
  type WipPolicy,
  type WipQueueEntry,
  type WipState,
  type WorkItemRef,
} from './wip-types.js';

/*
 * The WIP admission rules as pure functions over a plain state. Every function returns a
 * new state and leaves its input untouched; repeating a call with the same arguments
 * changes nothing the second time. After every call the state is settled: no waiting item
 * could take a free slot, so grants always go to the earliest eligible waiter.
 */

function checkedPolicy(policy: unknown): WipPolicy {
  const result = wipPolicySchema.safeParse(policy);
  if (!result.success) {
    const issues = toValidationIssues(result.error.issues, policy, ['policy']);
    throw invalidInput(`Invalid WIP policy: ${describeIssues(issues)}`, { issues });
  }
  return result.data;
}

/** Only the fields of a work item the state keeps, without undefined values (the state is JSON). */
function refOf(item: WorkItemRef): WorkItemRef {
  return {
    id: item.id,
    ...(item.personId !== undefined ? { personId: item.personId } : {}),
    ...(item.title !== undefined ? { title: item.title } : {}),
    ...(item.url !== undefined ? { url: item.url } : {}),
    ...(item.expedite === true ? { expedite: true } : {}),
  };
}

function toHolder(item: WorkItemRef, lane: WipLane, since: string): WipHolder {
  return { ...refOf(item), since, lane };
}

function queuedOutcome(state: WipState, index: number): AcquireOutcome {
  const entry = state.queue[index] as WipQueueEntry;
  return { status: 'queued', position: index + 1, reason: entry.reason, holders: [...state.holders] };
}

/** An empty pod under `policy`. Throws `InvalidInput` for a policy that makes no sense. */
export function initialWipState(policy: WipPolicy): WipState {
  return { policy: checkedPolicy(policy), holders: [], queue: [] };
}

/**
 * Grants the FIFO-earliest waiting items that can take a slot, until none can, and brings
 * the remaining entries' reasons up to date.
 */
function settle(state: WipState, now: string): { state: WipState; promoted: WipHolder[] } {
  const holders = [...state.holders];
  const queue = [...state.queue];
  const promoted: WipHolder[] = [];
  for (let i = 0; i < queue.length; ) {
    const entry = queue[i] as WipQueueEntry;
    const decision = admission({ policy: state.policy, holders }, entry);
    if ('lane' in decision) {
      const holder = toHolder(entry, decision.lane, now);
      holders.push(holder);
      promoted.push(holder);
      queue.splice(i, 1);
      // A grant only fills slots, so entries before `i` stay blocked: carry on from here.
    } else {
      i++;
    }
  }
  let reasonsChanged = false;
  const refreshed = queue.map((entry) => {
    const decision = admission({ policy: state.policy, holders }, entry);
    const reason = 'reason' in decision ? decision.reason : entry.reason;
    if (reason === entry.reason) return entry;
    reasonsChanged = true;
    return { ...entry, reason };
  });
  if (promoted.length === 0 && !reasonsChanged) return { state, promoted };
  return { state: { policy: state.policy, holders, queue: refreshed }, promoted };
}

/**
 * Asks for a slot. Granted when the item's lane has room (and, for the regular lane, its
 * person is under the per-person limit); otherwise queued at the back. An item already
 * holding or waiting gets its current standing back and nothing changes.
 */
export function acquireSlot(state: WipState, item: WorkItemRef, now: string): { state: WipState; outcome: AcquireOutcome } {
  if (typeof item.id !== 'string' || item.id === '') throw invalidInput('A work item needs a non-empty id');
  const held = state.holders.find((h) => h.id === item.id);
  if (held !== undefined) return { state, outcome: { status: 'granted', lane: held.lane } };
  const waiting = state.queue.findIndex((q) => q.id === item.id);
  if (waiting >= 0) return { state, outcome: queuedOutcome(state, waiting) };

  const decision = admission(state, item);
  if ('lane' in decision) {
    // A grant only fills slots, so nobody is promoted; settling brings waiting reasons up to date.
    const next = settle({ ...state, holders: [...state.holders, toHolder(item, decision.lane, now)] }, now).state;
    return { state: next, outcome: { status: 'granted', lane: decision.lane } };
  }
  const next = { ...state, queue: [...state.queue, { ...refOf(item), enqueuedAt: now, reason: decision.reason }] };
  return { state: next, outcome: queuedOutcome(next, next.queue.length - 1) };
}

/**
 * Lets go of an item's slot, or takes it out of the queue, and promotes waiting items in
 * FIFO order — skipping those whose person is still at their limit. Unknown items change nothing.
 */
export function releaseSlot(state: WipState, itemId: string, now: string): { state: WipState; promoted: WipHolder[] } {
  const holders = state.holders.filter((h) => h.id !== itemId);
  const queue = state.queue.filter((q) => q.id !== itemId);
  if (holders.length === state.holders.length && queue.length === state.queue.length) return { state, promoted: [] };
  return settle({ policy: state.policy, holders, queue }, now);
}

/**
 * Changes the policy. Lowering a limit never evicts a holder — it only stops grants until
 * the pod is back under it; raising one promotes waiting items. A key present with the
 * value `undefined` clears `perPersonLimit`. Throws `InvalidInput` for a bad policy.
 */
export function setWipPolicy(
  state: WipState,
  patch: Partial<WipPolicy>,
  now: string,
): { state: WipState; promoted: WipHolder[] } {
  const merged: Record<string, unknown> = { ...state.policy };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) merged[key] = value;
    else if (key === 'perPersonLimit') delete merged[key];
  }
  const policy = checkedPolicy(merged);
  const same =
    policy.limit === state.policy.limit &&
    policy.perPersonLimit === state.policy.perPersonLimit &&
    policy.expediteQuota === state.policy.expediteQuota &&
    policy.mode === state.policy.mode;
  if (same) return { state, promoted: [] };
  return settle({ ...state, policy }, now);
}
