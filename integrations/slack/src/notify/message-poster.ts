import { randomUUID } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { SlackLogger } from '../slack-logger.js';

/** A message to post. `channel` is a channel id or name, or a user id for a direct message. */
export interface OutgoingMessage {
  channel: string;
  /** Plain text; also the notification and accessibility fallback when `blocks` are given. */
  text: string;
  blocks?: KnownBlock[];
  /** Reply in this thread. */
  threadTs?: string;
}

/** Posts one message; answers where it landed. */
export interface MessagePoster {
  post(message: OutgoingMessage): Promise<{ channel: string; ts: string }>;
}

/** {@link MessagePoster} over the Web API's `chat.postMessage`. */
export function webApiPoster(client: Pick<WebClient, 'chat'>): MessagePoster {
  return {
    async post(message) {
      const answer = await client.chat.postMessage({
        channel: message.channel,
        text: message.text,
        ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
        ...(message.threadTs !== undefined ? { thread_ts: message.threadTs } : {}),
        unfurl_links: false,
      });
      return { channel: answer.channel ?? message.channel, ts: answer.ts ?? '' };
    },
  };
}

/**
 * The poster used when no bot token is configured: each message is logged ("would post …")
 * and remembered, nothing is sent.
 */
export function dryRunPoster(logger: SlackLogger): MessagePoster & { readonly posted: readonly OutgoingMessage[] } {
  const posted: OutgoingMessage[] = [];
  return {
    posted,
    post(message) {
      posted.push(message);
      logger.info({ dryRun: true, vendor: 'slack', channel: message.channel, threadTs: message.threadTs ?? null }, `[dry-run] would post to ${message.channel}: ${message.text}`);
      return Promise.resolve({ channel: message.channel, ts: `dry-run-${randomUUID()}` });
    },
  };
}
