import { randomUUID } from 'node:crypto';
import { signGithubPayload } from '@clos/github/testing';
import { signLinearPayload } from '@clos/linear/testing';

/** Where deliveries go and the secrets they are signed with (those the api verifies with). */
export interface WebhookSenderOptions {
  apiUrl: string;
  githubSecret: string;
  linearSecret: string;
  fetch?: typeof fetch;
}

/** Posts deliveries to the api's webhook routes signed exactly as the vendors sign them. */
export interface WebhookSender {
  github(event: string, payload: unknown): Promise<void>;
  linear(payload: { type?: unknown }): Promise<void>;
}

/** A sender for the api at `apiUrl`; a delivery the api does not accept throws with its answer. */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const send = options.fetch ?? fetch;
  const post = async (path: string, headers: Record<string, string>, body: string): Promise<void> => {
    const response = await send(`${options.apiUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  };
  return {
    github: (event, payload) => {
      const body = JSON.stringify(payload);
      return post(
        '/webhooks/github',
        {
          'user-agent': 'GitHub-Hookshot/clos-demo',
          'x-github-event': event,
          'x-github-delivery': randomUUID(),
          'x-github-hook-id': '4242',
          'x-hub-signature-256': signGithubPayload(options.githubSecret, body),
        },
        body,
      );
    },
    linear: (payload) => {
      const body = JSON.stringify(payload);
      return post(
        '/webhooks/linear',
        {
          'user-agent': 'Linear-Webhook',
          'linear-delivery': randomUUID(),
          'linear-event': String(payload.type ?? 'Issue'),
          'linear-signature': signLinearPayload(options.linearSecret, body),
        },
        body,
      );
    },
  };
}
