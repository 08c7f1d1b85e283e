import type { ModalView, SlackApp } from '@clos/slack';
import type { BotContext } from './bot-context.js';
import { resolveCaller, type Caller } from './caller.js';
import { replyWithin, type AfterAck, type ReplyChannel, type SlackReply } from './reply.js';

/** What a slash command has to work with: who called, what they typed, and a way to open a modal. */
export interface SlashCommandCall {
  caller: Caller;
  text: string;
  triggerId: string;
  /** Opens `view` for the caller; valid only once the command is acknowledged (see {@link AfterAck}). */
  openView(view: ModalView): Promise<unknown>;
}

/** A command's work: a reply, or work to do once acknowledged (opening a modal). */
export type SlashCommandWork = (call: SlashCommandCall) => Promise<SlackReply | AfterAck>;

/** A command's answer when it may open a modal instead of replying. */
export type ReplyOrModalPlan = { kind: 'reply'; reply: SlackReply } | { kind: 'modal'; view: ModalView };

/** Bolt's ack and respond, typed loosely enough for the reply helpers. */
function channelOf(ack: (message?: never) => Promise<void>, respond: ((message: never) => Promise<unknown>) | undefined): ReplyChannel {
  return {
    ack: (message) => ack(message as never),
    respond: respond === undefined ? undefined : (message) => respond(message as never),
  };
}

/**
 * Registers the slash command `name`: identifies the caller by the Slack user id clos.yml
 * lists and answers through {@link replyWithin} — in the acknowledgement when the work is
 * done within `budgetMs`, through the response URL otherwise, after it when the work opens a
 * modal. Every command goes through here, so each answers Slack the same way.
 */
export function registerSlashCommand(
  app: SlackApp,
  ctx: BotContext,
  budgetMs: number,
  name: string,
  work: SlashCommandWork,
): void {
  app.command(name, async ({ command, ack, respond, client }) => {
    const caller = resolveCaller(ctx.config(), command.user_id);
    const call: SlashCommandCall = {
      caller,
      text: command.text,
      triggerId: command.trigger_id,
      openView: (view) => client.views.open({ trigger_id: command.trigger_id, view }),
    };
    await replyWithin(channelOf(ack, respond), budgetMs, () => work(call), ctx.logger);
  });
}

/** The plan's reply, or its modal opened right after the acknowledgement (a modal needs it first). */
export function replyOrModal(plan: ReplyOrModalPlan, openView: SlashCommandCall['openView']): SlackReply | AfterAck {
  if (plan.kind === 'reply') return plan.reply;
  return {
    afterAck: async () => {
      await openView(plan.view);
      return undefined;
    },
  };
}
