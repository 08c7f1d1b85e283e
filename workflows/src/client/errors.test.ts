import { ClosError } from '@clos/domain';
import { closCall, isTransientTemporalError } from './errors.js';

function grpcError(code: number, message: string): Error {
  return Object.assign(new Error(`${code} ${message}`), { code, details: message, metadata: {} });
}

const FAST = { attempts: 4, firstDelayMs: 1, maxDelayMs: 2 };

describe('closCall', () => {
  it('retries while Temporal is busy, then answers', async () => {
    let calls = 0;
    const result = await closCall(async () => {
      calls += 1;
      if (calls < 3) throw grpcError(9, 'Update-with-Start could not be executed.');
      return 'granted';
    }, FAST);
    expect(result).toBe('granted');
    expect(calls).toBe(3);
  });

  it('gives up after its attempts and surfaces the last refusal', async () => {
    let calls = 0;
    await expect(
      closCall(async () => {
        calls += 1;
        throw grpcError(8, 'too many in-flight updates');
      }, FAST),
    ).rejects.toThrow('too many in-flight updates');
    expect(calls).toBe(4);
  });

  it('never retries a call that is wrong rather than busy', async () => {
    let calls = 0;
    await expect(
      closCall(async () => {
        calls += 1;
        throw grpcError(3, 'invalid argument');
      }, FAST),
    ).rejects.toThrow('invalid argument');
    expect(calls).toBe(1);
    const notFound = new ClosError('NotFound', 'no pod');
    await expect(closCall(() => Promise.reject(notFound), FAST)).rejects.toBe(notFound);
  });

  it('tells busy from wrong', () => {
    expect(isTransientTemporalError(grpcError(14, 'unavailable'))).toBe(true);
    expect(isTransientTemporalError(grpcError(10, 'workflow is closing'))).toBe(true);
    expect(isTransientTemporalError(grpcError(9, 'workflow task in failed state'))).toBe(false);
    expect(isTransientTemporalError(new Error('could not be executed'))).toBe(false);
  });
});
