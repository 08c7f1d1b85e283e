import { Coalescer } from './coalescer.js';

function recorder() {
  const calls: { key: string; items: number[]; at: number }[] = [];
  const started = Date.now();
  const deliver = async (key: string, items: number[]): Promise<void> => {
    calls.push({ key, items, at: Date.now() - started });
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { calls, deliver };
}

describe('Coalescer', () => {
  it('delivers a burst for one key as one batch, in order', async () => {
    const { calls, deliver } = recorder();
    const coalescer = new Coalescer<number>({ windowMs: 20, minIntervalMs: 200, deliver });
    await Promise.all([1, 2, 3, 4, 5].map((n) => coalescer.submit('pod-wip:a', n)));
    expect(calls).toEqual([{ key: 'pod-wip:a', items: [1, 2, 3, 4, 5], at: expect.any(Number) }]);
  });

  it('keeps keys apart and delivers them independently', async () => {
    const { calls, deliver } = recorder();
    const coalescer = new Coalescer<number>({ windowMs: 10, minIntervalMs: 200, deliver });
    await Promise.all([coalescer.submit('a', 1), coalescer.submit('b', 2), coalescer.submit('a', 3)]);
    expect(calls.map((c) => [c.key, c.items])).toEqual(
      expect.arrayContaining([
        ['a', [1, 3]],
        ['b', [2]],
      ]),
    );
    expect(calls).toHaveLength(2);
  });

  it('calls one key at most once per interval under a sustained stream', async () => {
    const { calls, deliver } = recorder();
    const coalescer = new Coalescer<number>({ windowMs: 5, minIntervalMs: 100, deliver });
    const pending: Promise<void>[] = [];
    // 100 items over ~500 ms: 200 a second at one workflow.
    for (let i = 0; i < 100; i++) {
      pending.push(coalescer.submit('hot', i));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(pending);
    expect(calls.flatMap((c) => c.items)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(95);
    }
    // ~5 s of budget would allow 50 calls at 10/s; the stream took about half a second.
    expect(calls.length).toBeLessThanOrEqual(8);
  });

  it('rejects every item of a failed batch, and the next batch still goes', async () => {
    let fail = true;
    const seen: number[][] = [];
    const coalescer = new Coalescer<number>({
      windowMs: 5,
      minIntervalMs: 0,
      deliver: async (_key, items) => {
        seen.push(items);
        if (fail) throw new Error('temporal is down');
      },
    });
    const results = await Promise.allSettled([coalescer.submit('k', 1), coalescer.submit('k', 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(coalescer.submit('k', 3)).resolves.toBeUndefined();
    expect(seen).toEqual([[1, 2], [3]]);
  });

  it('flushes what is waiting on close and refuses afterwards', async () => {
    const { calls, deliver } = recorder();
    const coalescer = new Coalescer<number>({ windowMs: 10_000, minIntervalMs: 0, deliver });
    const pending = coalescer.submit('k', 1);
    await coalescer.close();
    await pending;
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    await expect(coalescer.submit('k', 2)).rejects.toThrow('closed');
  });
});
