import { invalidInput } from '@clos/domain';

/** A Slack request body, parsed: an Events API envelope, a slash command, or an interaction payload. */
export type SlackBody = Record<string, unknown>;

/**
 * Parses a verified Slack request body. Slash commands arrive form-encoded; interactivity
 * arrives form-encoded with the JSON in a `payload` field; the Events API sends JSON.
 * Anything unreadable is `InvalidInput` saying why.
 */
export function parseSlackBody(raw: Buffer, contentType: string | undefined): SlackBody {
  if (raw.length === 0) throw invalidInput('request body is empty');
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload === null) return Object.fromEntries(form.entries());
    return parseJsonObject(payload, 'the "payload" field');
  }
  return parseJsonObject(text, 'request body');
}

function parseJsonObject(text: string, what: string): SlackBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidInput(`${what} must be a JSON object`);
  return parsed as SlackBody;
}

/**
 * The key that names one request of Slack's, the same on every retry of it: the event id
 * of an Events API delivery, else the trigger id of a command or interaction (unique per
 * invocation), else the view id and hash of a submission. Bodies without any of these fall
 * back to a digest of the body, computed by the caller.
 */
export function slackRequestKey(body: SlackBody): string | undefined {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const eventId = text(body.event_id);
  if (eventId !== undefined) return `event:${eventId}`;
  const triggerId = text(body.trigger_id);
  if (triggerId !== undefined) return `trigger:${triggerId}`;
  const view = body.view as { id?: unknown; hash?: unknown } | undefined;
  const viewId = text(view?.id);
  if (viewId !== undefined) return `view:${viewId}:${text(view?.hash) ?? ''}`;
  return undefined;
}
