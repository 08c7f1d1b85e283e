/** Request headers as Node and fastify hand them over: lower- or mixed-case names, repeated headers as arrays. */
export type SlackHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Reads one header case-insensitively. A repeated header yields its first value: a
 * signature sent twice is as suspicious as none, and the compare that follows decides.
 */
export function headerValue(headers: SlackHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first = typeof value === 'string' ? value : value[0];
    if (first !== undefined) return first;
  }
  return undefined;
}

/** The header carrying Slack's request signature (`v0=` + hex HMAC-SHA256). */
export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
/** The header carrying the signed request time (Unix seconds). */
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';
/** Set by Slack when it delivers an Events API request again (1, 2, 3). */
export const SLACK_RETRY_NUM_HEADER = 'x-slack-retry-num';
/** Why Slack retried (`http_timeout`, `http_error`, …). */
export const SLACK_RETRY_REASON_HEADER = 'x-slack-retry-reason';
