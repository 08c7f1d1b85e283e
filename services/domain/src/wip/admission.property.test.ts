import fc from 'fast-check';
import { acquireSlot, initialWipState, releaseSlot, setWipPolicy } from './admission.js';
import { admission } from './wip-usage.js';
import { wipVerdict } from './wip-verdict.js';
import type { WipHolder, WipPolicy, WipState } from './wip-types.js';

/*
 * Random sequences of acquire / release / setWipPolicy over a small world (few items,
 * few people, small limits) so that limits, queues and promotions are hit constantly.
 */

type Op =
  | { kind: 'acquire'; item: number; person: number | undefined; expedite: boolean }
  | { kind: 'release'; item: number }
  | { kind: 'policy'; patch: Partial<WipPolicy> };

const ITEMS = 10;
const itemId = (n: number) => `gh:acme/api#${n + 1}`;
const personOf = (p: number | undefined) => (p === undefined ? undefined : `person-${p}`);

const acquireOp = fc.record({
  kind: fc.constant('acquire' as const),
  item: fc.nat({ max: ITEMS - 1 }),
  person: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
  expedite: fc.boolean(),
});
const releaseOp = fc.record({ kind: fc.constant('release' as const), item: fc.nat({ max: ITEMS - 1 }) });
const policyOp = fc.record({
  kind: fc.constant('policy' as const),
  patch: fc.record(
    {
      limit: fc.nat({ max: 4 }),
      perPersonLimit: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      expediteQuota: fc.nat({ max: 2 }),
      mode: fc.constantFrom('observe' as const, 'warn' as const, 'enforce' as const),
    },
    { requiredKeys: [] },
  ),
});

const initialPolicy = fc.record({
  limit: fc.nat({ max: 4 }),
  perPersonLimit: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  expediteQuota: fc.nat({ max: 2 }),
  mode: fc.constantFrom('observe' as const, 'warn' as const, 'enforce' as const),
});

const cleanPolicy = (p: { limit: number; perPersonLimit: number | undefined; expediteQuota: number; mode: WipPolicy['mode'] }): WipPolicy => ({
  limit: p.limit,
  expediteQuota: p.expediteQuota,
  mode: p.mode,
  ...(p.perPersonLimit !== undefined ? { perPersonLimit: p.perPersonLimit } : {}),
});

function apply(state: WipState, op: Op, now: string): { state: WipState; granted: WipHolder[] } {
  switch (op.kind) {
    case 'acquire': {
      const person = personOf(op.person);
      const item = { id: itemId(op.item), ...(person !== undefined ? { personId: person } : {}), expedite: op.expedite };
      const next = acquireSlot(state, item, now).state;
      return { state: next, granted: next.holders.filter((h) => !state.holders.some((o) => o.id === h.id)) };
    }
    case 'release': {
      const { state: next, promoted } = releaseSlot(state, itemId(op.item), now);
      return { state: next, granted: promoted };
    }
    case 'policy': {
      const { state: next, promoted } = setWipPolicy(state, op.patch, now);
      return { state: next, granted: promoted };
    }
  }
}

const at = (i: number) => `2024-05-01T09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;

const regular = (s: WipState) => s.holders.filter((h) => h.lane === 'regular');
const expedite = (s: WipState) => s.holders.filter((h) => h.lane === 'expedite');
const regularOf = (s: WipState, person: string) => regular(s).filter((h) => h.personId === person);
const people = (s: WipState) => [...new Set(s.holders.flatMap((h) => (h.personId === undefined ? [] : [h.personId])))];

/** Asserts every rule that must hold across one operation. */
function checkStep(before: WipState, after: WipState, granted: WipHolder[]): void {
  const { policy } = after;

  // The same item is never held twice, nor both held and queued.
  const all = [...after.holders.map((h) => h.id), ...after.queue.map((q) => q.id)];
  expect(new Set(all).size).toBe(all.length);

  // Regular holders never exceed the limit through grants; lowering evicts nobody.
  const grantedRegular = granted.filter((h) => h.lane === 'regular');
  if (grantedRegular.length > 0) expect(regular(after).length).toBeLessThanOrEqual(policy.limit);
  expect(regular(after).length).toBeLessThanOrEqual(Math.max(policy.limit, regular(before).length));

  // Expedite holders never exceed the quota through grants.
  if (granted.some((h) => h.lane === 'expedite')) expect(expedite(after).length).toBeLessThanOrEqual(policy.expediteQuota);
  expect(expedite(after).length).toBeLessThanOrEqual(Math.max(policy.expediteQuota, expedite(before).length));

  // Per-person regular holders never exceed the per-person limit through grants.
  if (policy.perPersonLimit !== undefined) {
    for (const person of people(after)) {
      const now = regularOf(after, person).length;
      if (grantedRegular.some((h) => h.personId === person)) expect(now).toBeLessThanOrEqual(policy.perPersonLimit);
      expect(now).toBeLessThanOrEqual(Math.max(policy.perPersonLimit, regularOf(before, person).length));
    }
  }

  // Nothing waits that could take a free slot: grants go to the earliest eligible waiter.
  for (const entry of after.queue) expect('reason' in admission(after, entry)).toBe(true);
  // Reasons are current.
  for (const entry of after.queue) expect(admission(after, entry)).toEqual({ reason: entry.reason });

  // The queue keeps its order: survivors stay in order, newcomers join at the back.
  const beforeIds = before.queue.map((q) => q.id);
  const afterIds = after.queue.map((q) => q.id);
  const survivors = afterIds.filter((id) => beforeIds.includes(id));
  expect(survivors).toEqual(beforeIds.filter((id) => afterIds.includes(id)));
  expect(afterIds.slice(survivors.length).every((id) => !beforeIds.includes(id))).toBe(true);

  // Promotions follow queue order.
  const promotedFromQueue = granted.map((h) => h.id).filter((id) => beforeIds.includes(id));
  expect(promotedFromQueue).toEqual(beforeIds.filter((id) => promotedFromQueue.includes(id)));

  // Holders keep their grant order; new ones are appended.
  const heldBefore = before.holders.map((h) => h.id);
  const heldAfter = after.holders.map((h) => h.id);
  expect(heldAfter.filter((id) => heldBefore.includes(id))).toEqual(heldBefore.filter((id) => heldAfter.includes(id)));
}

const ops = fc.array(fc.oneof({ arbitrary: acquireOp, weight: 5 }, { arbitrary: releaseOp, weight: 3 }, { arbitrary: policyOp, weight: 1 }), {
  maxLength: 60,
});

describe('WIP admission properties', () => {
  it('never breaks a limit, loses an item or jumps the queue', () => {
    fc.assert(
      fc.property(initialPolicy, ops, (p, sequence) => {
        let state = initialWipState(cleanPolicy(p));
        const active = new Set<string>();
        sequence.forEach((op, i) => {
          const { state: next, granted } = apply(state, op, at(i));
          checkStep(state, next, granted);
          if (op.kind === 'acquire') active.add(itemId(op.item));
          if (op.kind === 'release') active.delete(itemId(op.item));
          // Every item acquired and not released either holds or waits.
          expect(new Set([...next.holders, ...next.queue].map((x) => x.id))).toEqual(active);
          // Only a waiting item in enforce mode is red, and every description fits GitHub.
          for (let n = 0; n < ITEMS; n++) {
            const verdict = wipVerdict(next, itemId(n));
            const waiting = next.queue.some((q) => q.id === itemId(n));
            expect(verdict.state).toBe(waiting && next.policy.mode === 'enforce' ? 'failure' : 'success');
            expect(verdict.description.length).toBeLessThanOrEqual(140);
          }
          state = next;
        });
      }),
      { numRuns: 200 },
    );
  });

  it('never exceeds the limits at all when the policy stays put', () => {
    fc.assert(
      fc.property(initialPolicy, fc.array(fc.oneof(acquireOp, releaseOp), { maxLength: 80 }), (p, sequence) => {
        let state = initialWipState(cleanPolicy(p));
        sequence.forEach((op, i) => {
          state = apply(state, op, at(i)).state;
          expect(regular(state).length).toBeLessThanOrEqual(state.policy.limit);
          expect(expedite(state).length).toBeLessThanOrEqual(state.policy.expediteQuota);
          const perPerson = state.policy.perPersonLimit;
          if (perPerson !== undefined) for (const person of people(state)) expect(regularOf(state, person).length).toBeLessThanOrEqual(perPerson);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('changes nothing the second time an operation is repeated', () => {
    fc.assert(
      fc.property(initialPolicy, ops, fc.array(fc.boolean(), { maxLength: 60 }), (p, sequence, duplicate) => {
        let state = initialWipState(cleanPolicy(p));
        sequence.forEach((op, i) => {
          state = apply(state, op, at(i)).state;
          if (duplicate[i] === true) {
            const again = apply(state, op, at(i + 1000));
            expect(again.granted).toEqual([]);
            expect(again.state).toEqual(state);
            if (op.kind === 'acquire') {
              const person = personOf(op.person);
              const item = { id: itemId(op.item), ...(person !== undefined ? { personId: person } : {}), expedite: op.expedite };
              expect(acquireSlot(state, item, at(i + 2000)).outcome).toEqual(acquireSlot(state, item, at(i + 3000)).outcome);
            }
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('serves a full pod first come, first served', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), (limit, extra) => {
        let state = initialWipState({ limit, expediteQuota: 0, mode: 'enforce' });
        const total = limit + extra;
        for (let i = 0; i < total; i++) state = acquireSlot(state, { id: itemId(i) }, at(i)).state;
        const order: string[] = [];
        for (let i = 0; i < total; i++) {
          const first = state.holders[0];
          if (first === undefined) break;
          const { state: next, promoted } = releaseSlot(state, first.id, at(100 + i));
          order.push(...promoted.map((h) => h.id));
          state = next;
        }
        expect(order).toEqual(Array.from({ length: extra }, (_, i) => itemId(limit + i)));
      }),
    );
  });
});
