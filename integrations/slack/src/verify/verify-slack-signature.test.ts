import { signSlackRequest, verifySlackSignature } from './verify-slack-signature.js';

const secret = 'shh-signing-secret';
const body = 'command=%2Fwip&text=payments';
const now = new Date('2025-11-21T10:00:00Z');
const stamp = Math.floor(now.getTime() / 1000);

describe('verifySlackSignature', () => {
  it('accepts a body signed with the secret within the window', () => {
    const headers = signSlackRequest({ signingSecret: secret, rawBody: body, timestamp: stamp - 60 });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, headers, now })).toEqual({ ok: true, timestamp: stamp - 60 });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: Buffer.from(body), headers, now }).ok).toBe(true);
  });

  it('refuses a changed body, another secret, or a missing signature', () => {
    const headers = signSlackRequest({ signingSecret: secret, rawBody: body, timestamp: stamp });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: `${body}x`, headers, now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifySlackSignature({ signingSecret: 'other', rawBody: body, headers, now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, headers: { 'x-slack-request-timestamp': String(stamp) }, now })).toMatchObject({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifySlackSignature({ signingSecret: '', rawBody: body, headers, now })).toMatchObject({ ok: false, reason: 'no_secret' });
  });

  it('refuses malformed headers', () => {
    const headers = signSlackRequest({ signingSecret: secret, rawBody: body, timestamp: stamp });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, headers: { ...headers, 'x-slack-signature': 'v1=abc' }, now })).toMatchObject({
      reason: 'malformed_signature',
    });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, headers: { ...headers, 'x-slack-request-timestamp': 'soon' }, now })).toMatchObject({
      reason: 'missing_timestamp',
    });
  });

  it('refuses requests older or newer than five minutes (replays)', () => {
    const old = signSlackRequest({ signingSecret: secret, rawBody: body, timestamp: stamp - 301 });
    const future = signSlackRequest({ signingSecret: secret, rawBody: body, timestamp: stamp + 301 });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, headers: old, now })).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    expect(verifySlackSignature({ signingSecret: secret, rawBody: body, headers: future, now })).toMatchObject({ ok: false, reason: 'stale_timestamp' });
  });
});
