import { setTimeout as sleep } from 'node:timers/promises';
import { superviseChild } from './supervised-child.js';

describe('superviseChild', () => {
  it('restarts a crashing child with growing delays and stops for good on stop()', async () => {
    const starts: number[] = [];
    const events: string[] = [];
    const child = superviseChild({
      name: 'crasher',
      command: 'sh',
      args: ['-c', 'echo started; exit 3'],
      env: process.env,
      cwd: process.cwd(),
      onLine: (line) => line === 'started' && starts.push(Date.now()),
      onEvent: (message) => events.push(message),
      initialBackoffMs: 100,
      maxBackoffMs: 400,
    });
    for (let i = 0; i < 200 && starts.length < 5; i++) await sleep(20);
    await child.stop();

    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(events.slice(0, 4)).toEqual([
      'exited with code 3; restarting in 0.1 s',
      'exited with code 3; restarting in 0.2 s',
      'exited with code 3; restarting in 0.4 s',
      'exited with code 3; restarting in 0.4 s',
    ]);
    expect(child.restarts()).toBeGreaterThanOrEqual(3);

    const seen = starts.length;
    await sleep(300);
    expect(starts.length).toBe(seen);
  });

  it('stops a long-running child', async () => {
    const child = superviseChild({
      name: 'sleeper',
      command: 'sleep',
      args: ['300'],
      env: process.env,
      cwd: process.cwd(),
      onLine: () => undefined,
      onEvent: () => undefined,
    });
    await sleep(100);
    const started = Date.now();
    await child.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(child.restarts()).toBe(0);
  });
});
