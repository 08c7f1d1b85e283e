import { githubExamples as examples } from '../../test/support/github-examples.js';
import { signGithubPayload } from '../testing/sign-github-payload.js';
import { verifyGithubSignature } from './verify-github-signature.js';

const secret = "It's a Secret to Everybody";
const opened = examples.find((d) => d.name === 'pull_request')?.examples.find((e) => 'action' in e && e.action === 'opened');
const rawBody = JSON.stringify(opened);

describe('verifyGithubSignature', () => {
  it('accepts a body signed with the secret, as GitHub signs it', () => {
    const headers = { 'x-hub-signature-256': signGithubPayload(secret, rawBody) };
    expect(verifyGithubSignature({ secret, rawBody, headers })).toEqual({ ok: true, signature: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(verifyGithubSignature({ secret, rawBody: Buffer.from(rawBody), headers })).toEqual({ ok: true, signature: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
  });

  it('matches GitHub\u2019s documented test vector', () => {
    // From GitHub's "Validating webhook deliveries" guide.
    const headers = { 'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' };
    expect(verifyGithubSignature({ secret, rawBody: 'Hello, World!', headers })).toEqual({ ok: true, signature: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
  });

  it('reads the header case-insensitively and takes the first of a repeated header', () => {
    const good = signGithubPayload(secret, rawBody);
    expect(verifyGithubSignature({ secret, rawBody, headers: { 'X-Hub-Signature-256': good } }).ok).toBe(true);
    expect(verifyGithubSignature({ secret, rawBody, headers: { 'x-hub-signature-256': [good, 'sha256=00'] } }).ok).toBe(true);
  });

  it('refuses a forged signature (wrong secret) and a tampered body', () => {
    const forged = { 'x-hub-signature-256': signGithubPayload('not the secret', rawBody) };
    expect(verifyGithubSignature({ secret, rawBody, headers: forged })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    const headers = { 'x-hub-signature-256': signGithubPayload(secret, rawBody) };
    const tampered = rawBody.replace('"opened"', '"closed"');
    expect(verifyGithubSignature({ secret, rawBody: tampered, headers })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses a delivery without the header', () => {
    expect(verifyGithubSignature({ secret, rawBody, headers: {} })).toMatchObject({ ok: false, reason: 'missing_signature' });
    expect(verifyGithubSignature({ secret, rawBody, headers: { 'x-hub-signature-256': '' } })).toMatchObject({
      ok: false,
      reason: 'missing_signature',
    });
    // The legacy SHA-1 header alone is not enough.
    expect(verifyGithubSignature({ secret, rawBody, headers: { 'x-hub-signature': 'sha1=abc' } })).toMatchObject({
      ok: false,
      reason: 'missing_signature',
    });
  });

  it('refuses malformed signatures', () => {
    const good = signGithubPayload(secret, rawBody);
    for (const value of ['sha1=' + good.slice(7, 47), good.slice(7), 'sha256=' + good.slice(7, 40), 'sha256=' + 'z'.repeat(64), 'sha256=']) {
      const result = verifyGithubSignature({ secret, rawBody, headers: { 'x-hub-signature-256': value } });
      expect(result).toMatchObject({ ok: false, reason: 'malformed_signature' });
    }
  });

  it('refuses everything when no secret is configured', () => {
    const headers = { 'x-hub-signature-256': signGithubPayload('', rawBody) };
    expect(verifyGithubSignature({ secret: '', rawBody, headers })).toMatchObject({ ok: false, reason: 'no_secret' });
  });

  it('accepts a body signed with any of several secrets while one is rotated, and nothing else', () => {
    const secrets = ['old-secret', 'new-secret'];
    for (const signer of secrets) {
      const headers = { 'x-hub-signature-256': signGithubPayload(signer, rawBody) };
      expect(verifyGithubSignature({ secret: secrets, rawBody, headers })).toEqual({ ok: true, signature: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    }
    const foreign = { 'x-hub-signature-256': signGithubPayload('retired-secret', rawBody) };
    expect(verifyGithubSignature({ secret: secrets, rawBody, headers: foreign })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    // Empty entries (a trailing comma in the list) never count as a secret.
    const unsigned = { 'x-hub-signature-256': signGithubPayload('', rawBody) };
    expect(verifyGithubSignature({ secret: ['', ''], rawBody, headers: unsigned })).toMatchObject({ ok: false, reason: 'no_secret' });
  });
});
