import { refreshTurn } from './reconcile-pacing.js';

const ids = Array.from({ length: 1000 }, (_, i) => `pod-wip:pod-${i}`);
const base = { ids, everyMinutes: 10, startedAt: Date.UTC(2026, 0, 1) };

describe('refreshTurn', () => {
  it('refreshes every workflow each run while the budget allows it', () => {
    const turn = refreshTurn({ ...base, openPullRequests: 100, readsPerHour: 2000 });
    expect(turn).toMatchObject({ turns: 1 });
    expect(turn.ids).toHaveLength(1000);
  });

  it('splits the workflows into turns that, run after run, cover each once and keep within the budget', () => {
    // 10,000 open PRs, 2 reads each, 6 runs an hour: 120,000 reads an hour against 2,000.
    const seen = new Map<string, number>();
    let turns = 0;
    for (let run = 0; run < 60; run++) {
      const turn = refreshTurn({ ...base, openPullRequests: 10_000, readsPerHour: 2000, startedAt: base.startedAt + run * 10 * 60_000 });
      turns = turn.turns;
      if (run < turns) for (const id of turn.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect(turns).toBe(60);
    expect(seen.size).toBe(1000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('takes the same turn for the same run start, whatever the listing order', () => {
    const a = refreshTurn({ ...base, openPullRequests: 10_000, readsPerHour: 2000 });
    const b = refreshTurn({ ...base, ids: [...ids].reverse(), openPullRequests: 10_000, readsPerHour: 2000 });
    expect(new Set(a.ids)).toEqual(new Set(b.ids));
  });
});
