import type { WipPolicy } from '@clos/domain';
import type { AcquireInput } from '../shared/pod-wip-messages.js';
import { PodWipModel, initialPodWipData, normalizeId, numbersFromQueueRef } from './pod-wip-model.js';

const T = (h: number): string => `2025-01-01T${String(h).padStart(2, '0')}:00:00.000Z`;
const policy = (patch: Partial<WipPolicy> = {}): WipPolicy => ({ limit: 1, expediteQuota: 1, mode: 'enforce', ...patch });
const model = (patch: Partial<WipPolicy> = {}): PodWipModel => new PodWipModel('alpha', initialPodWipData(policy(patch), 'run-1'));
const pr = (n: number, extra: Partial<AcquireInput> = {}): AcquireInput => ({
  id: `gh:acme/api#${n}`,
  pullRequests: [{ repo: 'acme/api', number: n, headSha: `sha${n}` }],
  ...extra,
});

describe('PodWipModel', () => {
  it('reaches one work item through its PR and Linear ids, in any spelling', () => {
    const m = model();
    expect(m.acquire({ id: 'lin:pay-1', linearKeys: ['pay-1'] }, T(1)).result).toMatchObject({ status: 'granted', itemId: 'lin:PAY-1' });
    expect(m.acquire(pr(5, { id: 'gh:Acme/API#5', linearKeys: ['PAY-1'] }), T(2)).result).toMatchObject({ status: 'granted', itemId: 'lin:PAY-1' });
    expect(m.find('gh:acme/api#5')?.id).toBe('lin:PAY-1');
    expect(m.view().holders.map((h) => h.id)).toEqual(['lin:PAY-1']);
    expect(normalizeId('gh:Acme/API#5')).toBe('gh:acme/api#5');
  });

  it('ignores an acquisition older than the release it would undo, but not a later reopen', () => {
    const m = model();
    m.acquire(pr(1, { occurredAt: T(1) }), T(1));
    expect(m.release({ id: 'gh:acme/api#1', reason: 'merged', occurredAt: T(3) }, T(3)).result.status).toBe('released');
    expect(m.acquire(pr(1, { occurredAt: T(2) }), T(4)).result).toEqual({ status: 'stale', itemId: 'gh:acme/api#1', releasedAt: T(3) });
    expect(m.acquire(pr(1, { occurredAt: T(5) }), T(5)).result.status).toBe('granted');
  });

  it('ignores a release older than the latest acquisition', () => {
    const m = model();
    m.acquire(pr(1, { occurredAt: T(5) }), T(5));
    expect(m.release({ id: 'gh:acme/api#1', reason: 'closed', occurredAt: T(4) }, T(6)).result.status).toBe('stale');
    expect(m.view().holders).toHaveLength(1);
  });

  it('keeps the slot while another PR of the item is open', () => {
    const m = model();
    m.acquire({ id: 'lin:PAY-2', linearKeys: ['PAY-2'], pullRequests: [{ repo: 'acme/api', number: 1, headSha: 'a' }, { repo: 'acme/web', number: 2, headSha: 'b' }] }, T(1));
    expect(m.release({ id: 'gh:acme/api#1', reason: 'merged' }, T(2)).result).toEqual({ status: 'detached', itemId: 'lin:PAY-2' });
    expect(m.release({ id: 'gh:acme/web#2', reason: 'merged' }, T(3)).result).toEqual({ status: 'released', itemId: 'lin:PAY-2', promoted: [] });
    expect(m.release({ id: 'lin:PAY-2', reason: 'completed' }, T(4)).result.status).toBe('unknown');
  });

  it('never moves a head back to an older report', () => {
    const m = model();
    m.acquire(pr(1), T(1));
    m.headShaChanged({ repo: 'acme/api', number: 1, headSha: 'new', occurredAt: T(5) });
    expect(m.headShaChanged({ repo: 'acme/api', number: 1, headSha: 'older', occurredAt: T(4) })).toEqual([]);
    m.acquire(pr(1, { occurredAt: T(2) }), T(6));
    expect(m.find('gh:acme/api#1')?.pullRequests[0]?.headSha).toBe('new');
  });

  it('moves a waiting item to the expedite lane when it gets the label', () => {
    const m = model({ limit: 1, expediteQuota: 1 });
    m.acquire(pr(1), T(1));
    expect(m.acquire(pr(2), T(2)).result.status).toBe('queued');
    expect(m.acquire(pr(2, { expedite: true }), T(3)).result).toMatchObject({ status: 'granted', lane: 'expedite' });
  });

  it('tracks a draft without a slot and admits it when ready', () => {
    const m = model();
    expect(m.acquire(pr(1, { draft: true }), T(1)).result.status).toBe('draft');
    expect(m.desiredStatuses()).toEqual([{ repo: 'acme/api', sha: 'sha1', itemId: 'gh:acme/api#1', state: 'success', description: expect.stringContaining('draft'), kind: 'draft' }]);
    m.draftChanged({ item: pr(1), draft: false }, T(2));
    expect(m.stateOf('gh:acme/api#1')).toBe('held');
  });

  it('judges a merge group by every PR in it', () => {
    const m = model({ limit: 1 });
    m.acquire(pr(1), T(1));
    m.acquire(pr(2), T(2));
    m.mergeGroup({ repo: 'acme/api', headSha: 'g1', headRef: 'refs/heads/gh-readonly-queue/main/pr-1-abc' });
    m.mergeGroup({ repo: 'acme/api', headSha: 'g2', pullRequestNumbers: [1, 2] });
    const byShas = Object.fromEntries(m.desiredStatuses().map((s) => [s.sha, s.state]));
    expect(byShas).toMatchObject({ g1: 'success', g2: 'failure' });
    expect(numbersFromQueueRef('gh-readonly-queue/main/pr-12-0a1b')).toEqual([12]);
  });
});
