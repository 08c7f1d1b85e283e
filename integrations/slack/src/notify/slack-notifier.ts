import { randomUUID } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { MessageLedger } from '../store/message-ledger.js';
import { silentSlackLogger, type SlackLogger } from '../slack-logger.js';
import { ChannelPacer } from './channel-pacer.js';
import type { MessagePoster } from './message-poster.js';

/** A message for a pod's channel; the shape of the workflows' `Notification`. */
export interface PodNotification {
  podId: string;
  kind: string;
  text: string;
  /** Where to post; the pod's channel when omitted. */
  channel?: string;
  /** Messages with the same thread key belong together: later ones reply in the first one's thread. */
  threadKey?: string;
  /** Same key, same message: a second send with it posts nothing. */
  key?: string;
  blocks?: KnownBlock[];
}

/** A message to any channel or person, with the same guarantees. */
export interface SendInput {
  channel: string;
  text: string;
  kind?: string;
  threadKey?: string;
  /** Reply in this thread (a message's `ts`); wins over `threadKey`. */
  threadTs?: string;
  key?: string;
  blocks?: KnownBlock[];
}

/** What became of a send. */
export type SendOutcome = { status: 'sent'; channel: string; ts: string; threadTs?: string } | { status: 'duplicate' } | { status: 'no_channel' };

/** Options of {@link SlackNotifier}. */
export interface SlackNotifierOptions {
  poster: MessagePoster;
  ledger: MessageLedger;
  /** The channel of a pod (clos.yml `slackChannel`). */
  channelFor: (podId: string) => string | undefined;
  pacer?: ChannelPacer;
  /** A thread stays open this long; a later message with its key starts a new one. Default 24 h. */
  threadWindowMs?: number;
  now?: () => Date;
  logger?: SlackLogger;
}

/**
 * The Slack adapter of the workflows' notifier port, and the bot's one way to post.
 * Each send is claimed in the ledger under its key first, so a retried activity or a
 * retried Slack request posts nothing twice; sends to one channel are paced to one a
 * second and wait out a 429's `Retry-After` (see {@link ChannelPacer}); messages sharing a
 * thread key are threaded under the first of them.
 */
export class SlackNotifier {
  private readonly options: SlackNotifierOptions;
  private readonly pacer: ChannelPacer;
  private readonly logger: SlackLogger;

  constructor(options: SlackNotifierOptions) {
    this.options = options;
    this.pacer = options.pacer ?? new ChannelPacer();
    this.logger = options.logger ?? silentSlackLogger;
  }

  /** Posts a pod notification to the pod's channel (the workflows' `Notifier.notify`). */
  async notify(notification: PodNotification): Promise<void> {
    const channel = notification.channel ?? this.options.channelFor(notification.podId);
    if (channel === undefined) {
      this.logger.warn({ podId: notification.podId, kind: notification.kind }, 'slack: pod has no channel; notification dropped');
      return;
    }
    await this.send({
      channel,
      text: notification.text,
      kind: notification.kind,
      ...(notification.threadKey !== undefined ? { threadKey: notification.threadKey } : {}),
      ...(notification.key !== undefined ? { key: notification.key } : {}),
      ...(notification.blocks !== undefined ? { blocks: notification.blocks } : {}),
    });
  }

  /** Posts to a channel or, given a user id, as a direct message. */
  async send(input: SendInput): Promise<SendOutcome> {
    const { ledger } = this.options;
    const key = input.key ?? `once:${randomUUID()}`;
    const claimed = await ledger.claim({
      key,
      channel: input.channel,
      ...(input.threadKey !== undefined ? { threadKey: input.threadKey } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
    });
    if (!claimed) {
      this.logger.info({ key, channel: input.channel }, 'slack: message already sent, not posted again');
      return { status: 'duplicate' };
    }
    let posted = false;
    try {
      return await this.pacer.run(input.channel, async () => {
        const threadTs =
          input.threadTs ?? (input.threadKey !== undefined ? await ledger.threadRoot(input.channel, input.threadKey, this.threadSince()) : undefined);
        const answer = await this.options.poster.post({
          channel: input.channel,
          text: input.text,
          ...(input.blocks !== undefined ? { blocks: input.blocks } : {}),
          ...(threadTs !== undefined ? { threadTs } : {}),
        });
        posted = true;
        await ledger.markSent(key, { ts: answer.ts, ...(threadTs !== undefined ? { threadTs } : {}) });
        return { status: 'sent' as const, channel: answer.channel, ts: answer.ts, ...(threadTs !== undefined ? { threadTs } : {}) };
      });
    } catch (error) {
      // Once Slack has the message the claim stays: a retry must not post it again.
      if (!posted) await ledger.release(key).catch(() => undefined);
      throw error;
    }
  }

  private threadSince(): Date {
    const now = this.options.now?.() ?? new Date();
    return new Date(now.getTime() - (this.options.threadWindowMs ?? 24 * 60 * 60 * 1000));
  }
}
