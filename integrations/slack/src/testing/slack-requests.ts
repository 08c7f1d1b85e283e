import { signSlackRequest } from '../verify/verify-slack-signature.js';

/** A request as Slack would send it: the body and its signed headers. */
export interface SignedSlackRequest {
  payload: string;
  headers: Record<string, string>;
}

/** Options shared by the request builders. */
export interface SignOptions {
  signingSecret: string;
  /** Unix seconds; now when omitted. */
  timestamp?: number;
  /** Adds `X-Slack-Retry-Num` (and a retry reason), as Slack does on a redelivery. */
  retryNum?: number;
}

function signed(body: string, contentType: string, options: SignOptions): SignedSlackRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    payload: body,
    headers: {
      'content-type': contentType,
      ...signSlackRequest({ signingSecret: options.signingSecret, rawBody: body, timestamp }),
      ...(options.retryNum !== undefined ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
  };
}

/** Fields of a slash command invocation. */
export interface SlashCommandFields {
  command: string;
  text: string;
  userId: string;
  channelId?: string;
  triggerId?: string;
  responseUrl: string;
  teamId?: string;
}

let sequence = 0;

/** A signed slash command request (form-encoded, as Slack sends it). */
export function slashCommandRequest(fields: SlashCommandFields, options: SignOptions): SignedSlackRequest {
  sequence += 1;
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? 'TCLOS',
    team_domain: 'clos',
    channel_id: fields.channelId ?? 'CGENERAL',
    channel_name: 'general',
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: 'ACLOS',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `trigger-${Date.now()}-${sequence}`,
  });
  return signed(form.toString(), 'application/x-www-form-urlencoded', options);
}

/** A signed interactivity request (`payload=<json>`, form-encoded). */
export function interactionRequest(payload: Record<string, unknown>, options: SignOptions): SignedSlackRequest {
  const form = new URLSearchParams({ payload: JSON.stringify(payload) });
  return signed(form.toString(), 'application/x-www-form-urlencoded', options);
}

/** A signed Events API request (JSON). */
export function eventRequest(envelope: Record<string, unknown>, options: SignOptions): SignedSlackRequest {
  return signed(JSON.stringify(envelope), 'application/json', options);
}

/** A `block_actions` payload for a button click. */
export function blockActionPayload(input: {
  userId: string;
  actionId: string;
  value: string;
  responseUrl: string;
  triggerId?: string;
  channelId?: string;
}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'block_actions',
    team: { id: 'TCLOS', domain: 'clos' },
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: 'TCLOS' },
    api_app_id: 'ACLOS',
    token: 'deprecated-verification-token',
    trigger_id: input.triggerId ?? `trigger-action-${Date.now()}-${sequence}`,
    channel: { id: input.channelId ?? 'CGENERAL', name: 'general' },
    response_url: input.responseUrl,
    container: { type: 'message', is_ephemeral: true },
    actions: [{ type: 'button', action_id: input.actionId, block_id: 'b', value: input.value, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A `view_submission` payload: `values` maps block id → action id → element state. */
export function viewSubmissionPayload(input: {
  userId: string;
  callbackId: string;
  privateMetadata?: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
  viewId?: string;
  triggerId?: string;
}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'view_submission',
    team: { id: 'TCLOS', domain: 'clos' },
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: 'TCLOS' },
    api_app_id: 'ACLOS',
    token: 'deprecated-verification-token',
    trigger_id: input.triggerId ?? `trigger-view-${Date.now()}-${sequence}`,
    view: {
      id: input.viewId ?? `VSUBMIT${sequence}`,
      hash: `hash-${sequence}`,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata ?? '',
      state: { values: input.values },
    },
    response_urls: [],
  };
}
