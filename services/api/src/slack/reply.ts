import { setTimeout as sleep } from 'node:timers/promises';
import { isClosError } from '@clos/domain';
import type { Logger } from '@clos/platform';
import type { KnownBlock } from '@clos/slack';

/** An answer to a command or action. Ephemeral (only the caller sees it) unless `inChannel`. */
export interface SlackReply {
  text: string;
  blocks?: KnownBlock[];
  inChannel?: boolean;
}

/** The message body Slack takes in an acknowledgement or on a response URL. */
export function toMessage(reply: SlackReply): Record<string, unknown> {
  return {
    response_type: reply.inChannel === true ? 'in_channel' : 'ephemeral',
    text: reply.text,
    ...(reply.blocks !== undefined ? { blocks: reply.blocks } : {}),
  };
}

/**
 * A refusal people can act on: CLOS's coded errors carry a message written for them
 * (usage, permission, not found); anything else is logged and answered generically.
 */
export function errorReply(error: unknown, logger: Logger | undefined): SlackReply {
  if (isClosError(error)) {
    const icon = error.code === 'Forbidden' ? ':no_entry:' : error.code === 'Unavailable' ? ':hourglass:' : ':warning:';
    return { text: `${icon} ${error.message}` };
  }
  logger?.error({ err: error }, 'slack: command failed');
  return { text: ':boom: Something went wrong on our side; please try again in a minute.' };
}

/** Bolt's `ack` and `respond` as the reply helpers need them. */
export interface ReplyChannel {
  ack(message?: Record<string, unknown>): Promise<void>;
  respond?: ((message: Record<string, unknown>) => Promise<unknown>) | undefined;
}

/** Work to do once the request is acknowledged (opening a modal needs the acknowledgement first). */
export interface AfterAck {
  afterAck: () => Promise<SlackReply | undefined>;
}

/**
 * Answers within Slack's three seconds: the work's reply goes into the acknowledgement when
 * it is ready within `budgetMs`; otherwise the request is acknowledged empty and the reply
 * follows on the response URL when the work is done. Work that answers {@link AfterAck}
 * (a modal to open) runs right after an empty acknowledgement.
 */
export async function replyWithin(
  channel: ReplyChannel,
  budgetMs: number,
  work: () => Promise<SlackReply | AfterAck>,
  logger: Logger | undefined,
): Promise<void> {
  const outcome = work().then(
    (reply) => reply,
    (error: unknown) => errorReply(error, logger),
  );
  const quick = await Promise.race([outcome, sleep(budgetMs).then(() => undefined)]);
  if (quick !== undefined && !('afterAck' in quick)) {
    await channel.ack(toMessage(quick));
    return;
  }
  await channel.ack();
  const settled = await outcome;
  let reply: SlackReply | undefined;
  if ('afterAck' in settled) {
    try {
      reply = await settled.afterAck();
    } catch (error) {
      reply = errorReply(error, logger);
    }
  } else {
    reply = settled;
  }
  if (reply === undefined) return;
  if (channel.respond === undefined) {
    logger?.warn({ text: reply.text }, 'slack: a slow reply had no response URL to go to');
    return;
  }
  await channel.respond(toMessage(reply));
}
