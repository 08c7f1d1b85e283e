import type { TokenRecord } from './token-store.js';
import { TokenCache } from './token-cache.js';

const record = (id: string) => ({ id }) as TokenRecord;

describe('TokenCache', () => {
  it('keeps a record for its time to live, then forgets it', () => {
    const cache = new TokenCache(1_000);
    cache.set('h1', record('a'), 0);
    expect(cache.get('h1', 999)?.id).toBe('a');
    expect(cache.get('h1', 1_000)).toBeUndefined();
  });

  it('drops a revoked token at once, by id', () => {
    const cache = new TokenCache(1_000);
    cache.set('h1', record('a'), 0);
    cache.set('h2', record('b'), 0);
    cache.forget('a');
    expect(cache.get('h1', 1)).toBeUndefined();
    expect(cache.get('h2', 1)?.id).toBe('b');
  });

  it('caches nothing with a time to live of 0', () => {
    const cache = new TokenCache(0);
    cache.set('h1', record('a'), 0);
    expect(cache.get('h1', 0)).toBeUndefined();
  });
});
