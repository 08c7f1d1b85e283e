import { ClosError } from '../errors.js';
import { acquireSlot, initialWipState, releaseSlot, setWipPolicy } from './admission.js';
import { wipPolicyForPod, type WipPolicy, type WipState, type WorkItemRef } from './wip-types.js';

const T0 = '2024-05-01T09:00:00Z';
const T1 = '2024-05-01T10:00:00Z';
const T2 = '2024-05-01T11:00:00Z';

const policy = (patch: Partial<WipPolicy> = {}): WipPolicy => ({ limit: 2, expediteQuota: 1, mode: 'enforce', ...patch });
const pr = (n: number, extra: Partial<WorkItemRef> = {}): WorkItemRef => ({ id: `gh:acme/api#${n}`, ...extra });

function acquireAll(state: WipState, items: WorkItemRef[], now = T0): WipState {
  return items.reduce((s, item) => acquireSlot(s, item, now).state, state);
}

const ids = (list: { id: string }[]) => list.map((x) => x.id);

describe('initialWipState', () => {
  it('starts empty', () => {
    expect(initialWipState(policy())).toEqual({ policy: policy(), holders: [], queue: [] });
  });

  it('refuses a policy that makes no sense, naming the field', () => {
    expect(() => initialWipState(policy({ limit: -1 }))).toThrow(/policy\.limit/);
    expect(() => initialWipState(policy({ expediteQuota: 0.5 }))).toThrow(ClosError);
    expect(() => initialWipState({ ...policy(), mode: 'strict' as never })).toThrow(/policy\.mode/);
  });

  it('follows clos.yml', () => {
    expect(
      wipPolicyForPod({ wipLimit: 3, perPersonWipLimit: 2, expedite: { label: 'expedite', quota: 1 }, mode: 'warn' }),
    ).toEqual({ limit: 3, perPersonLimit: 2, expediteQuota: 1, mode: 'warn' });
    expect(wipPolicyForPod({ wipLimit: 3, expedite: { label: 'x', quota: 0 }, mode: 'enforce' })).not.toHaveProperty('perPersonLimit');
  });
});

describe('acquireSlot', () => {
  it('grants up to the limit, then queues with the position and the holders', () => {
    let state = initialWipState(policy());
    const a = acquireSlot(state, pr(1, { personId: 'alice', title: 'One' }), T0);
    expect(a.outcome).toEqual({ status: 'granted', lane: 'regular' });
    state = acquireSlot(a.state, pr(2), T1).state;
    const c = acquireSlot(state, pr(3), T2);
    expect(c.outcome).toEqual({ status: 'queued', position: 1, reason: 'pod_limit', holders: c.state.holders });
    expect(c.state.holders).toEqual([
      { id: 'gh:acme/api#1', personId: 'alice', title: 'One', since: T0, lane: 'regular' },
      { id: 'gh:acme/api#2', since: T1, lane: 'regular' },
    ]);
    expect(c.state.queue).toEqual([{ id: 'gh:acme/api#3', enqueuedAt: T2, reason: 'pod_limit' }]);
    expect(acquireSlot(c.state, pr(4), T2).outcome).toMatchObject({ status: 'queued', position: 2 });
  });

  it('is idempotent for items already holding or waiting', () => {
    const state = acquireAll(initialWipState(policy()), [pr(1), pr(2), pr(3)]);
    const again = acquireSlot(state, pr(1), T2);
    expect(again.state).toBe(state);
    expect(again.outcome).toEqual({ status: 'granted', lane: 'regular' });
    const queued = acquireSlot(state, pr(3), T2);
    expect(queued.state).toBe(state);
    expect(queued.outcome).toMatchObject({ status: 'queued', position: 1, reason: 'pod_limit' });
  });

  it('never changes its input', () => {
    const state = Object.freeze(initialWipState(policy({ limit: 1 })));
    const frozen = JSON.stringify(state);
    acquireSlot(state, pr(1), T0);
    expect(JSON.stringify(state)).toBe(frozen);
  });

  it('keeps a person under the per-person limit, while others still get slots', () => {
    const state = acquireAll(initialWipState(policy({ limit: 3, perPersonLimit: 1 })), [pr(1, { personId: 'alice' })]);
    const second = acquireSlot(state, pr(2, { personId: 'alice' }), T1);
    expect(second.outcome).toMatchObject({ status: 'queued', reason: 'person_limit', position: 1 });
    expect(acquireSlot(second.state, pr(3, { personId: 'bob' }), T1).outcome).toEqual({ status: 'granted', lane: 'regular' });
    expect(acquireSlot(second.state, pr(4), T1).outcome).toEqual({ status: 'granted', lane: 'regular' });
  });

  it('gives expedite items their own quota, then regular slots, then the queue', () => {
    let state = acquireAll(initialWipState(policy({ limit: 1, expediteQuota: 1 })), [pr(1)]);
    const hotfix = acquireSlot(state, pr(2, { expedite: true }), T1);
    expect(hotfix.outcome).toEqual({ status: 'granted', lane: 'expedite' });
    const another = acquireSlot(hotfix.state, pr(3, { expedite: true }), T1);
    expect(another.outcome).toMatchObject({ status: 'queued', reason: 'expedite_quota' });
    state = releaseSlot(another.state, pr(1).id, T2).state;
    expect(state.holders.find((h) => h.id === pr(3).id)).toMatchObject({ lane: 'regular', expedite: true });
  });

  it('lets expedite slots ignore the per-person limit', () => {
    const state = acquireAll(initialWipState(policy({ limit: 5, perPersonLimit: 1 })), [pr(1, { personId: 'alice' })]);
    expect(acquireSlot(state, pr(2, { personId: 'alice', expedite: true }), T1).outcome).toEqual({ status: 'granted', lane: 'expedite' });
  });

  it('treats the expedite label as nothing special when the quota is 0', () => {
    const state = acquireAll(initialWipState(policy({ limit: 1, expediteQuota: 0 })), [pr(1)]);
    expect(acquireSlot(state, pr(2, { expedite: true }), T1).outcome).toMatchObject({ status: 'queued', reason: 'pod_limit' });
  });

  it('refuses an item without id', () => {
    expect(() => acquireSlot(initialWipState(policy()), { id: '' }, T0)).toThrow(/non-empty id/);
  });
});

describe('releaseSlot', () => {
  it('frees the slot and promotes the first waiting item', () => {
    const state = acquireAll(initialWipState(policy()), [pr(1), pr(2), pr(3), pr(4)]);
    const { state: next, promoted } = releaseSlot(state, pr(1).id, T2);
    expect(promoted).toEqual([{ id: pr(3).id, since: T2, lane: 'regular' }]);
    expect(ids(next.holders)).toEqual([pr(2).id, pr(3).id]);
    expect(ids(next.queue)).toEqual([pr(4).id]);
  });

  it('skips waiting items whose person is still at their limit', () => {
    let state = initialWipState(policy({ limit: 2, perPersonLimit: 1 }));
    state = acquireAll(state, [pr(1, { personId: 'alice' }), pr(2, { personId: 'bob' }), pr(3, { personId: 'alice' }), pr(4, { personId: 'carol' })]);
    expect(state.queue.map((q) => q.reason)).toEqual(['pod_limit', 'pod_limit']);
    const { state: next, promoted } = releaseSlot(state, pr(2).id, T2);
    expect(ids(promoted)).toEqual([pr(4).id]);
    // Pod full again (alice and carol hold): the pod limit is what #3 waits on now.
    expect(next.queue).toEqual([{ id: pr(3).id, personId: 'alice', enqueuedAt: T0, reason: 'pod_limit' }]);
    const afterCarol = releaseSlot(next, pr(4).id, T2);
    expect(afterCarol.promoted).toEqual([]);
    expect(afterCarol.state.queue[0]?.reason).toBe('person_limit');
    expect(ids(releaseSlot(afterCarol.state, pr(1).id, T2).promoted)).toEqual([pr(3).id]);
  });

  it('takes a waiting item out of the queue', () => {
    const state = acquireAll(initialWipState(policy({ limit: 1 })), [pr(1), pr(2), pr(3)]);
    const { state: next, promoted } = releaseSlot(state, pr(2).id, T1);
    expect(promoted).toEqual([]);
    expect(ids(next.queue)).toEqual([pr(3).id]);
  });

  it('changes nothing for unknown or already released items', () => {
    const state = acquireAll(initialWipState(policy()), [pr(1)]);
    expect(releaseSlot(state, 'gh:acme/api#99', T1)).toEqual({ state, promoted: [] });
    const once = releaseSlot(state, pr(1).id, T1).state;
    expect(releaseSlot(once, pr(1).id, T2).state).toBe(once);
  });
});

describe('setWipPolicy', () => {
  it('never evicts holders when lowering the limit, and grants nothing until back under it', () => {
    const state = acquireAll(initialWipState(policy({ limit: 3 })), [pr(1), pr(2), pr(3)]);
    const lowered = setWipPolicy(state, { limit: 1 }, T1);
    expect(lowered.promoted).toEqual([]);
    expect(ids(lowered.state.holders)).toEqual([pr(1).id, pr(2).id, pr(3).id]);
    let next = acquireSlot(lowered.state, pr(4), T1).state;
    next = releaseSlot(next, pr(1).id, T2).state;
    next = releaseSlot(next, pr(2).id, T2).state;
    expect(ids(next.holders)).toEqual([pr(3).id]);
    expect(ids(next.queue)).toEqual([pr(4).id]);
    expect(ids(releaseSlot(next, pr(3).id, T2).promoted)).toEqual([pr(4).id]);
  });

  it('promotes waiting items in order when raising the limit', () => {
    const state = acquireAll(initialWipState(policy({ limit: 1 })), [pr(1), pr(2), pr(3), pr(4)]);
    const { state: next, promoted } = setWipPolicy(state, { limit: 3 }, T1);
    expect(ids(promoted)).toEqual([pr(2).id, pr(3).id]);
    expect(ids(next.queue)).toEqual([pr(4).id]);
    expect(next.policy.limit).toBe(3);
  });

  it('clears the per-person limit with an explicit undefined, and updates waiting reasons', () => {
    let state = initialWipState(policy({ limit: 3, perPersonLimit: 1 }));
    state = acquireAll(state, [pr(1, { personId: 'alice' }), pr(2, { personId: 'alice' })]);
    const cleared = setWipPolicy(state, { perPersonLimit: undefined }, T1);
    expect(cleared.state.policy).not.toHaveProperty('perPersonLimit');
    expect(ids(cleared.promoted)).toEqual([pr(2).id]);
    const tightened = setWipPolicy(acquireAll(cleared.state, [pr(3), pr(4)]), { limit: 1 }, T2);
    expect(tightened.state.queue.map((q) => q.reason)).toEqual(['pod_limit']);
  });

  it('changes nothing when the policy is the same, and refuses a bad one', () => {
    const state = initialWipState(policy());
    expect(setWipPolicy(state, { limit: 2, mode: 'enforce' }, T1).state).toBe(state);
    expect(() => setWipPolicy(state, { limit: 1.5 }, T1)).toThrow(/policy\.limit/);
    expect(() => setWipPolicy(state, { perPersonLimit: 0 }, T1)).toThrow(/policy\.perPersonLimit/);
  });
});
