import { ErrorCode } from '@slack/web-api';
import { ChannelPacer } from './channel-pacer.js';

/** A clock that only moves when the pacer sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function rateLimited(retryAfter: number): Error {
  return Object.assign(new Error('rate limited'), { code: ErrorCode.RateLimitedError, retryAfter });
}

describe('ChannelPacer', () => {
  it('spaces sends to one channel a second apart, in order', async () => {
    const time = fakeTime();
    const pacer = new ChannelPacer({ now: time.now, sleep: time.sleep });
    const started: [string, number][] = [];
    const sends = ['a', 'b', 'c'].map((name) => pacer.run('C1', async () => started.push([name, time.now()])));
    await Promise.all(sends);
    expect(started).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
    ]);
  });

  it('does not hold one channel back for another', async () => {
    const time = fakeTime();
    const pacer = new ChannelPacer({ now: time.now, sleep: time.sleep });
    const started: string[] = [];
    await Promise.all([pacer.run('C1', async () => started.push(`C1@${time.now()}`)), pacer.run('C2', async () => started.push(`C2@${time.now()}`))]);
    expect(started.sort()).toEqual(['C1@0', 'C2@0']);
  });

  it('waits out Retry-After and tries the same send again', async () => {
    const time = fakeTime();
    const pacer = new ChannelPacer({ now: time.now, sleep: time.sleep });
    let attempts = 0;
    const result = await pacer.run('C1', async () => {
      attempts += 1;
      if (attempts === 1) throw rateLimited(7);
      return time.now();
    });
    expect(attempts).toBe(2);
    expect(result).toBe(7000);
    // The next message to the channel still waits its second after the retry.
    const next = await pacer.run('C1', async () => time.now());
    expect(next).toBe(8000);
  });

  it('gives up after the retry budget and passes other errors through', async () => {
    const time = fakeTime();
    const pacer = new ChannelPacer({ now: time.now, sleep: time.sleep, maxRateLimitRetries: 2 });
    let attempts = 0;
    await expect(
      pacer.run('C1', async () => {
        attempts += 1;
        throw rateLimited(1);
      }),
    ).rejects.toThrow('rate limited');
    expect(attempts).toBe(3);
    await expect(pacer.run('C1', async () => Promise.reject(new Error('channel_not_found')))).rejects.toThrow('channel_not_found');
    // A failed send does not jam the queue.
    await expect(pacer.run('C1', async () => 'ok')).resolves.toBe('ok');
  });
});
