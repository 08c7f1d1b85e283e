import { EnvConfigError } from './env-config-error.js';
import { bootOrExit } from './boot.js';

describe('bootOrExit', () => {
  it('prints a configuration error without a stack and exits 1', async () => {
    const printed: string[] = [];
    const exits: number[] = [];
    await bootOrExit(
      () => {
        throw new EnvConfigError([{ variable: 'DATABASE_URL', message: 'is required' }]);
      },
      { print: (t) => printed.push(t), exit: (c) => exits.push(c) },
    );
    expect(exits).toEqual([1]);
    expect(printed.join('\n')).toBe('clos: failed to start\nInvalid environment:\n  DATABASE_URL: is required');
  });

  it('prints the stack of an unexpected error', async () => {
    const printed: string[] = [];
    const exits: number[] = [];
    await bootOrExit(
      async () => {
        throw new TypeError('boom');
      },
      { print: (t) => printed.push(t), exit: (c) => exits.push(c) },
    );
    expect(exits).toEqual([1]);
    expect(printed[0]).toMatch(/^clos: failed to start\nTypeError: boom\n\s+at /);
  });

  it('does nothing more when start-up succeeds', async () => {
    const exits: number[] = [];
    let started = false;
    await bootOrExit(
      async () => {
        started = true;
      },
      { exit: (c) => exits.push(c) },
    );
    expect(started).toBe(true);
    expect(exits).toEqual([]);
  });
});
