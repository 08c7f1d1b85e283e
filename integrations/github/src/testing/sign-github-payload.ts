import { createHmac } from 'node:crypto';

/** Signs a body as GitHub does for `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the exact bytes. */
export function signGithubPayload(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
