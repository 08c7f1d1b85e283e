import { linearIssueWebhook, signLinearPayload } from '../testing/index.js';
import { verifyLinearSignature } from './verify-linear-signature.js';

const secret = 'lin_wh_4f3e2d1c0b0a99887766554433221100';
const now = new Date('2025-03-04T10:15:30.000Z');

function delivery(webhookTimestamp: number = now.getTime()) {
  const rawBody = JSON.stringify(linearIssueWebhook({ webhookTimestamp }));
  return { rawBody, headers: { 'linear-signature': signLinearPayload(secret, rawBody), 'linear-delivery': 'b3a1c2d4', 'linear-event': 'Issue' } };
}

describe('verifyLinearSignature', () => {
  it('accepts a fresh delivery signed with the secret', () => {
    const { rawBody, headers } = delivery(now.getTime() - 2_000);
    expect(verifyLinearSignature({ secret, rawBody, headers, now })).toEqual({ ok: true, webhookTimestamp: now.getTime() - 2_000 });
    expect(verifyLinearSignature({ secret, rawBody: Buffer.from(rawBody), headers, now: now.getTime() }).ok).toBe(true);
    expect(verifyLinearSignature({ secret, rawBody, headers: { 'Linear-Signature': headers['linear-signature'] }, now }).ok).toBe(true);
  });

  it('accepts clock skew within five minutes either way', () => {
    for (const skew of [-4 * 60_000, 4 * 60_000, 5 * 60_000]) {
      const { rawBody, headers } = delivery(now.getTime() + skew);
      expect(verifyLinearSignature({ secret, rawBody, headers, now }).ok).toBe(true);
    }
  });

  it('refuses a stale (replayed) or far-future delivery even with a good signature', () => {
    for (const skew of [-5 * 60_000 - 1, -60 * 60_000, 6 * 60_000]) {
      const { rawBody, headers } = delivery(now.getTime() + skew);
      expect(verifyLinearSignature({ secret, rawBody, headers, now })).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    }
  });

  it('refuses a forged signature and a tampered body', () => {
    const { rawBody, headers } = delivery();
    const forged = { ...headers, 'linear-signature': signLinearPayload('guessed-secret', rawBody) };
    expect(verifyLinearSignature({ secret, rawBody, headers: forged, now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    const tampered = rawBody.replace('"started"', '"completed"');
    expect(verifyLinearSignature({ secret, rawBody: tampered, headers, now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses a missing or malformed signature', () => {
    const { rawBody } = delivery();
    expect(verifyLinearSignature({ secret, rawBody, headers: {}, now })).toMatchObject({ ok: false, reason: 'missing_signature' });
    for (const bad of ['sha256=' + 'a'.repeat(64), 'a'.repeat(63), 'g'.repeat(64)]) {
      expect(verifyLinearSignature({ secret, rawBody, headers: { 'linear-signature': bad }, now })).toMatchObject({
        ok: false,
        reason: 'malformed_signature',
      });
    }
  });

  it('refuses a signed body without webhookTimestamp, or one that is not JSON', () => {
    const noTimestamp = JSON.stringify({ action: 'create', type: 'Issue', data: {} });
    expect(
      verifyLinearSignature({ secret, rawBody: noTimestamp, headers: { 'linear-signature': signLinearPayload(secret, noTimestamp) }, now }),
    ).toMatchObject({ ok: false, reason: 'missing_timestamp' });
    expect(
      verifyLinearSignature({ secret, rawBody: 'not json', headers: { 'linear-signature': signLinearPayload(secret, 'not json') }, now }),
    ).toMatchObject({ ok: false, reason: 'malformed_body' });
  });

  it('refuses everything without a configured secret', () => {
    const { rawBody, headers } = delivery();
    expect(verifyLinearSignature({ secret: '', rawBody, headers, now })).toMatchObject({ ok: false, reason: 'no_secret' });
  });
});
