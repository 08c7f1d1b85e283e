import { createHash } from 'node:crypto';
import { displayPrefix, generateToken, hashToken, looksLikeToken } from './api-token.js';

describe('API tokens', () => {
  it('are clos_ and 256 random bits, stored as lower-case SHA-256 hex', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).toMatch(/^clos_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(createHash('sha256').update(a.token).digest('hex'));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a.token)).toBe(a.hash);
    expect(a.prefix).toBe(displayPrefix(a.token));
    expect(a.prefix).toHaveLength(13);
    expect(looksLikeToken(a.token)).toBe(true);
    expect(looksLikeToken(`${a.token}x`)).toBe(false);
    expect(looksLikeToken('ghp_123')).toBe(false);
  });
});
