import type { DomainEvent } from '@clos/domain';
import { CoalescingBus } from './coalescing-bus.js';
import type { EventBus } from './ports.js';

const event = (id: string): DomainEvent => ({ id }) as DomainEvent;

/** A bus whose publishes stay pending until released, recording what each carried. */
function gatedBus(fail: (ids: string[]) => boolean = () => false) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const bus: EventBus = {
    publish: (events) => {
      const ids = events.map((e) => e.id);
      calls.push(ids);
      return new Promise<void>((resolve, reject) => gates.push(() => (fail(ids) ? reject(new Error(`refused ${ids.join()}`)) : resolve())));
    },
  };
  const releaseAll = async (): Promise<void> => {
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { bus, calls, releaseAll };
}

describe('CoalescingBus', () => {
  it('sends at once while a slot is free, and merges what waits into batches of at most maxEvents', async () => {
    const gated = gatedBus();
    const bus = new CoalescingBus({ bus: gated.bus, maxInFlight: 1, maxEvents: 3 });
    const done = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => bus.publish([event(id)]));
    await gated.releaseAll();
    await Promise.all(done);
    expect(gated.calls).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
  });

  it('tells each caller of a failed merged publish its own outcome', async () => {
    const gated = gatedBus((ids) => ids.includes('bad'));
    const bus = new CoalescingBus({ bus: gated.bus, maxInFlight: 1, maxEvents: 10 });
    const first = bus.publish([event('x')]);
    const good = bus.publish([event('ok')]);
    const bad = bus.publish([event('bad')]);
    const settled = Promise.allSettled([first, good, bad]);
    await gated.releaseAll();
    const [a, b, c] = await settled;
    expect([a.status, b.status, c.status]).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(c.status === 'rejected' && String(c.reason)).toContain('refused bad');
    // The merged try, then each call on its own.
    expect(gated.calls).toEqual([['x'], ['ok', 'bad'], ['ok'], ['bad']]);
  });
});
