import { createHmac, randomUUID } from 'node:crypto';

/** Where Slack requests go and the signing secret the api verifies them with. */
export interface SlackSenderOptions {
  apiUrl: string;
  signingSecret: string;
  fetch?: typeof fetch;
}

/** A modal submission: block id → action id → the element's state, as Slack sends it. */
export type ViewValues = Record<string, Record<string, { type: string; value?: string; selected_option?: { value: string } }>>;

/**
 * Posts requests to `POST /slack/events` as Slack does when a person uses the app: slash
 * commands and modal submissions, form-encoded and signed with Slack's v0 signature.
 */
export interface SlackSender {
  /** Runs a slash command as `userId`; answers the text of the acknowledgement. */
  command(input: { userId: string; command: string; text: string }): Promise<string>;
  /** Submits a modal as `userId`; throws with the errors the bot shows next to its inputs. */
  submitView(input: { userId: string; callbackId: string; privateMetadata: string; values: ViewValues }): Promise<void>;
}

/** A sender for the api at `apiUrl`; a request the api does not take throws with its answer. */
export function createSlackSender(options: SlackSenderOptions): SlackSender {
  const send = options.fetch ?? fetch;
  const post = async (body: string): Promise<unknown> => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await send(`${options.apiUrl.replace(/\/+$/, '')}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`/slack/events answered ${response.status}: ${text.slice(0, 300)}`);
    try {
      return text === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      return { text };
    }
  };
  const user = (id: string) => ({ id, username: id.toLowerCase(), team_id: 'TDEMO' });
  return {
    async command({ userId, command, text }) {
      const form = new URLSearchParams({
        team_id: 'TDEMO',
        team_domain: 'demo',
        channel_id: 'CDEMO',
        channel_name: 'demo',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command,
        text,
        api_app_id: 'ADEMO',
        is_enterprise_install: 'false',
        // Slow answers go to the response URL; the demo reads only what the acknowledgement says.
        response_url: `${options.apiUrl.replace(/\/+$/, '')}/slack/demo-response`,
        trigger_id: `demo-${randomUUID()}`,
      });
      const answer = (await post(form.toString())) as { text?: unknown };
      return typeof answer.text === 'string' ? answer.text : '';
    },
    async submitView({ userId, callbackId, privateMetadata, values }) {
      const payload = {
        type: 'view_submission',
        team: { id: 'TDEMO', domain: 'demo' },
        user: user(userId),
        api_app_id: 'ADEMO',
        trigger_id: `demo-${randomUUID()}`,
        view: { id: `V${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`, hash: randomUUID(), type: 'modal', callback_id: callbackId, private_metadata: privateMetadata, state: { values } },
        response_urls: [],
      };
      const answer = (await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString())) as { response_action?: unknown; errors?: unknown };
      if (answer.response_action === 'errors') throw new Error(`the ${callbackId} form was refused: ${JSON.stringify(answer.errors)}`);
    },
  };
}
