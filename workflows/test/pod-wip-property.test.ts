import fc from 'fast-check';
import type { WipPolicy } from '@clos/domain';
import { acquireWorkItem, getWipState, releaseWorkItem } from '../src/client.js';
import type { PodWipView } from '../src/shared/pod-wip-messages.js';
import { createHarness, eventually } from './support/harness.js';
import type { Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.startWorker();
}, 120_000);

afterAll(async () => {
  await h.close();
});

const REPO = 'acme/prop';

type Op = { kind: 'acquire'; n: number; person: number; expedite: boolean } | { kind: 'release'; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('acquire' as const), n: fc.integer({ min: 1, max: 25 }), person: fc.integer({ min: 1, max: 4 }), expedite: fc.integer({ min: 0, max: 9 }).map((x) => x === 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), n: fc.integer({ min: 1, max: 25 }) }) },
);

const policyArb: fc.Arbitrary<WipPolicy> = fc.record(
  {
    limit: fc.integer({ min: 1, max: 4 }),
    perPersonLimit: fc.integer({ min: 1, max: 2 }),
    expediteQuota: fc.integer({ min: 0, max: 1 }),
    mode: fc.constant('enforce' as const),
  },
  { requiredKeys: ['limit', 'expediteQuota', 'mode'] },
);

/** The invariants the pod must keep after any interleaving of inputs. */
function checkInvariants(state: PodWipView): void {
  const { policy, holders, queue } = state;
  const regular = holders.filter((x) => x.lane === 'regular');
  const expedite = holders.filter((x) => x.lane === 'expedite');
  expect(regular.length).toBeLessThanOrEqual(policy.limit);
  expect(expedite.length).toBeLessThanOrEqual(policy.expediteQuota);
  const ids = [...holders, ...queue].map((x) => x.id);
  expect(new Set(ids).size).toBe(ids.length);
  if (policy.perPersonLimit !== undefined) {
    const perPerson = new Map<string, number>();
    for (const holder of regular) perPerson.set(holder.personId ?? '', (perPerson.get(holder.personId ?? '') ?? 0) + 1);
    for (const count of perPerson.values()) expect(count).toBeLessThanOrEqual(policy.perPersonLimit);
  }
  // Nobody waits while a slot they could take is free.
  if (regular.length < policy.limit) {
    for (const entry of queue) {
      const held = regular.filter((x) => x.personId === entry.personId).length;
      expect(policy.perPersonLimit !== undefined && held >= policy.perPersonLimit).toBe(true);
    }
  }
}

let runs = 0;

describe('podWip under concurrent acquisitions and releases', () => {
  it('never exceeds its limits, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, fc.array(opArb, { minLength: 20, maxLength: 200 }), fc.integer({ min: 5, max: 60 }), async (policy, ops, batch) => {
        runs += 1;
        const podId = `prop-${h.run}-${runs}`;
        const start = { policy, taskQueue: h.taskQueue };
        const sha = (n: number): string => `${h.run}${String(runs).padStart(4, '0')}${String(n).padStart(4, '0')}`.padEnd(40, '0');
        for (let i = 0; i < ops.length; i += batch) {
          await Promise.all(
            ops.slice(i, i + batch).map((op) =>
              op.kind === 'acquire'
                ? acquireWorkItem(
                    h.client,
                    podId,
                    {
                      id: `gh:${REPO}#${op.n}`,
                      personId: `p${op.person}`,
                      expedite: op.expedite,
                      pullRequests: [{ repo: REPO, number: op.n, headSha: sha(op.n) }],
                    },
                    start,
                  )
                : releaseWorkItem(h.client, podId, { id: `gh:${REPO}#${op.n}`, reason: 'merged' }, start),
            ),
          );
          const state = await getWipState(h.client, podId);
          if (state === undefined) throw new Error('the pod workflow is gone');
          checkInvariants(state);
        }
        // The statuses converge on the final verdicts: holders green, waiting items red.
        const final = await getWipState(h.client, podId);
        for (const verdict of final?.verdicts ?? []) {
          const n = Number(verdict.itemId.split('#')[1]);
          await eventually(
            () => (h.github.latestStatus(REPO, sha(n), 'clos/wip')?.state === verdict.state ? true : undefined),
            20_000,
            `clos/wip ${verdict.state} on #${n}`,
          );
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
  }, 600_000);
});
