import { randomUUID } from 'node:crypto';
import { signGithubPayload } from '@clos/github/testing';
import { pullRequestPayload, sha, type PullRequestFixture } from '../../services/api/test/support/github-payloads.js';
import { BENCH_GITHUB_SECRET } from '../stack/clos-stack.js';

export { sha };

/** A webhook delivery as GitHub sends it: body and headers, signed. */
export interface GithubDelivery {
  deliveryId: string;
  headers: Record<string, string>;
  body: string;
}

/** Headers GitHub sends with every delivery, except the delivery id. */
export function githubHeaders(event: string, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/clos-bench',
    'x-github-event': event,
    'x-github-hook-id': '123456',
    'x-hub-signature-256': signGithubPayload(BENCH_GITHUB_SECRET, body),
  };
}

/** A signed `pull_request` delivery built from GitHub's own example of the action, with a fresh delivery id. */
export function pullRequestDelivery(fixture: PullRequestFixture): GithubDelivery {
  const body = JSON.stringify(pullRequestPayload(fixture));
  const deliveryId = randomUUID();
  return { deliveryId, body, headers: { ...githubHeaders('pull_request', body), 'x-github-delivery': deliveryId } };
}

/** GitHub gives up on a delivery after 10 s; the benchmark waits longer so it can report how late acks were. */
const ACK_TIMEOUT_MS = 120_000;

/** Posts a delivery to the api's `POST /webhooks/github`; resolves with the HTTP status once acknowledged. */
export async function postDelivery(apiUrl: string, delivery: GithubDelivery): Promise<number> {
  const response = await fetch(`${apiUrl}/webhooks/github`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
    signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  return response.status;
}
