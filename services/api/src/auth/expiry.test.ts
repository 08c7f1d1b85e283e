import { expiryFrom } from './expiry.js';

const now = new Date('2026-01-01T00:00:00Z');

describe('expiryFrom', () => {
  it.each([
    ['30d', '2026-01-31T00:00:00.000Z'],
    ['12h', '2026-01-01T12:00:00.000Z'],
    ['90m', '2026-01-01T01:30:00.000Z'],
  ])('%s from now is %s', (lifetime, expected) => {
    expect(expiryFrom(lifetime, now)?.toISOString()).toBe(expected);
  });

  it('never expires when asked', () => {
    expect(expiryFrom('never', now)).toBeNull();
  });

  it.each(['', '30', 'd', '0d', '1.5d', '30 days', '367d'])('refuses %j', (lifetime) => {
    expect(() => expiryFrom(lifetime, now)).toThrow(/expires/);
  });
});
