import type { PodWipView } from '@clos/workflows';
import { renderWipPage } from './wip-page.js';

const NOW = new Date('2025-06-02T12:00:00.000Z');

function view(overrides: Partial<PodWipView> = {}): PodWipView {
  return {
    podId: 'alpha',
    policy: { limit: 2, perPersonLimit: 1, expediteQuota: 1, mode: 'enforce' },
    holders: [
      { id: 'gh:acme/app#1', personId: 'alice', title: 'Retry payouts', url: 'https://github.com/acme/app/pull/1', since: '2025-06-01T12:00:00.000Z', lane: 'regular' },
      { id: 'lin:PAY-44', personId: 'bob', title: '<script>alert(1)</script>', url: 'javascript:alert(1)', since: '2025-06-02T09:00:00.000Z', lane: 'regular' },
    ],
    queue: [{ id: 'gh:acme/app#3', personId: 'carol', title: 'New thing', enqueuedAt: '2025-06-02T11:00:00.000Z', reason: 'pod_limit' }],
    items: [
      { id: 'gh:acme/app#1', expedite: false, draft: false, pullRequests: [{ repo: 'acme/app', number: 1, headSha: 'a' }], linearKeys: [] },
      { id: 'lin:PAY-44', expedite: false, draft: false, pullRequests: [], linearKeys: ['PAY-44'] },
      { id: 'gh:acme/app#3', expedite: false, draft: false, pullRequests: [{ repo: 'acme/app', number: 3, headSha: 'c' }], linearKeys: [] },
    ],
    verdicts: [{ itemId: 'gh:acme/app#3', state: 'failure', description: 'WIP 2/2 — finish #1 or PAY-44 first (queue #1)' }],
    ...overrides,
  };
}

describe('renderWipPage', () => {
  it('says which rule blocks, current versus limit, who holds the slots since when, and what to do', () => {
    const html = renderWipPage(view(), { podId: 'alpha', podName: 'Alpha', expediteLabel: 'expedite', itemId: 'gh:acme/app#3', now: NOW });
    expect(html).toContain('WIP 2/2 — finish #1 or PAY-44 first (queue #1)');
    expect(html).toContain('<strong>2 of 2</strong> regular slots in use — the pod is full');
    expect(html).toContain('the pod is at its limit of 2');
    expect(html).toContain('number 1 in line');
    expect(html).toContain('24 hours ago');
    expect(html).toContain('<code>expedite</code>');
    expect(html).toContain('<a href="https://github.com/acme/app/pull/1">#1</a>');
  });

  it('escapes what people typed and links only to http(s)', () => {
    const html = renderWipPage(view(), { podId: 'alpha', itemId: 'gh:acme/app#3', now: NOW });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('href="javascript:');
  });

  it('tells a holder there is nothing to do, and an untracked item that it takes no slot', () => {
    expect(renderWipPage(view(), { podId: 'alpha', itemId: 'gh:acme/app#1', now: NOW })).toContain('Nothing: this work item holds a regular slot');
    expect(renderWipPage(view(), { podId: 'alpha', itemId: 'gh:acme/app#99', now: NOW })).toContain('not counted');
  });

  it('points at the person\'s own slots when the per-person limit blocks', () => {
    const blocked = view({
      holders: [{ id: 'gh:acme/app#1', personId: 'alice', since: '2025-06-02T10:00:00.000Z', lane: 'regular' }],
      queue: [{ id: 'gh:acme/app#3', personId: 'alice', enqueuedAt: '2025-06-02T11:00:00.000Z', reason: 'person_limit' }],
    });
    const html = renderWipPage(blocked, { podId: 'alpha', itemId: 'gh:acme/app#3', now: NOW });
    expect(html).toContain('alice already holds 1 slot(s)');
    expect(html).toContain('Per person: at most <strong>1</strong> regular slots; alice holds 1.');
  });

  it('explains the absence of any state', () => {
    expect(renderWipPage(undefined, { podId: 'alpha', itemId: 'gh:acme/app#3', now: NOW })).toContain('no data');
  });
});
