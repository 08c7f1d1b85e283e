import { acquireSlot, initialWipState, setWipPolicy } from './admission.js';
import { wipVerdict } from './wip-verdict.js';
import type { WipMode } from '../config/config-schema.js';
import type { WipPolicy, WipState, WorkItemRef } from './wip-types.js';

const T0 = '2024-05-01T09:00:00Z';

function pod(patch: Partial<WipPolicy>, items: WorkItemRef[]): WipState {
  return items.reduce((s, item) => acquireSlot(s, item, T0).state, initialWipState({ limit: 3, expediteQuota: 1, mode: 'enforce', ...patch }));
}

const full = (mode: WipMode) =>
  pod({ mode }, [{ id: 'gh:acme/api#12' }, { id: 'gh:acme/web#15' }, { id: 'lin:PAY-44' }, { id: 'gh:acme/api#20' }]);

describe('wipVerdict', () => {
  it('is green for a holder', () => {
    expect(wipVerdict(pod({}, [{ id: 'gh:acme/api#1' }, { id: 'gh:acme/api#2' }]), 'gh:acme/api#2')).toEqual({
      state: 'success',
      description: 'WIP 2/3 — slot held',
    });
  });

  it('is red for a waiting item in enforce mode, naming what to finish', () => {
    expect(wipVerdict(full('enforce'), 'gh:acme/api#20')).toEqual({
      state: 'failure',
      description: 'WIP 3/3 — finish #12, #15 or PAY-44 first (queue #1)',
    });
  });

  it('stays green in warn and observe modes, saying what would happen', () => {
    expect(wipVerdict(full('warn'), 'gh:acme/api#20')).toEqual({
      state: 'success',
      description: 'Over WIP limit: WIP 3/3 — finish #12, #15 or PAY-44 first (queue #1)',
    });
    const observed = wipVerdict(full('observe'), 'gh:acme/api#20');
    expect(observed.state).toBe('success');
    expect(observed.description).toMatch(/^Observe: enforce would block — WIP 3\/3 — finish/);
  });

  it('names a person at their own limit', () => {
    const state = pod({ perPersonLimit: 1 }, [{ id: 'gh:acme/api#1', personId: 'alice' }, { id: 'gh:acme/api#2', personId: 'alice' }]);
    expect(wipVerdict(state, 'gh:acme/api#2')).toEqual({
      state: 'failure',
      description: 'alice at 1/1 (WIP 1/3) — finish #1 first (queue #1)',
    });
  });

  it('describes the expedite lane', () => {
    const state = pod({ limit: 1 }, [{ id: 'gh:acme/api#1' }, { id: 'gh:acme/api#2', expedite: true }, { id: 'gh:acme/api#3', expedite: true }]);
    expect(wipVerdict(state, 'gh:acme/api#2')).toEqual({ state: 'success', description: 'Expedite 1/1 — slot held (WIP 1/1)' });
    expect(wipVerdict(state, 'gh:acme/api#3')).toEqual({
      state: 'failure',
      description: 'Expedite 1/1, WIP 1/1 — finish #2 or #1 first (queue #1)',
    });
  });

  it('is green and says so for an item the pod does not count', () => {
    expect(wipVerdict(full('enforce'), 'gh:acme/api#99')).toEqual({ state: 'success', description: 'WIP 3/3 — not counted' });
  });

  it('explains a frozen pod', () => {
    const state = setWipPolicy(pod({ limit: 1 }, [{ id: 'lin:PAY-1' }]), { limit: 0 }, T0).state;
    const queued = acquireSlot(state, { id: 'lin:PAY-2' }, T0).state;
    expect(wipVerdict(queued, 'lin:PAY-2').description).toBe('WIP 1/0 — finish PAY-1 first (queue #1)');
    const empty = acquireSlot(initialWipState({ limit: 0, expediteQuota: 0, mode: 'enforce' }), { id: 'lin:PAY-3' }, T0).state;
    expect(wipVerdict(empty, 'lin:PAY-3').description).toBe('WIP 0/0 — waiting for a free slot (queue #1)');
  });

  it('fits GitHub’s 140 characters however many hold slots', () => {
    const holders = Array.from({ length: 40 }, (_, i) => ({ id: `gh:acme/a-very-long-repository-name#${1000 + i}` }));
    const state = pod({ limit: 40, mode: 'warn' }, [...holders, { id: 'gh:acme/api#7' }]);
    const { description } = wipVerdict(state, 'gh:acme/api#7');
    expect(description.length).toBeLessThanOrEqual(140);
    expect(description).toMatch(/^Over WIP limit: WIP 40\/40 — finish #1000, #1001, .* or \d+ more first \(queue #1\)$/);
  });
});
