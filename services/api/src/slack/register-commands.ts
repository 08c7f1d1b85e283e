import type { SlackApp } from '@clos/slack';
import type { BotContext } from './bot-context.js';
import { resolveCaller } from './caller.js';
import { demoCommand } from './commands/demo-command.js';
import { digestCommand } from './commands/digest-command.js';
import { ideaCommand } from './commands/idea-command.js';
import { stageCommand } from './commands/stage-command.js';
import { openStandup, unblockCommand } from './commands/unblock-command.js';
import { wipCommand } from './commands/wip-command.js';
import { overviewText } from './commands/usage.js';
import { replyWithin, type ReplyChannel } from './reply.js';

/** Bolt's ack and respond, typed loosely enough for the reply helpers. */
function channelOf(ack: (message?: never) => Promise<void>, respond: ((message: never) => Promise<unknown>) | undefined): ReplyChannel {
  return {
    ack: (message) => ack(message as never),
    respond: respond === undefined ? undefined : (message) => respond(message as never),
  };
}

/**
 * The slash commands. Each identifies the caller by the Slack user id clos.yml lists,
 * answers in the acknowledgement when it can within the budget and through the response
 * URL otherwise; commands that open a modal acknowledge first, then open it.
 */
export function registerCommands(app: SlackApp, ctx: BotContext, budgetMs: number): void {
  app.command('/wip', async ({ command, ack, respond }) => {
    const caller = resolveCaller(ctx.config(), command.user_id);
    await replyWithin(channelOf(ack, respond), budgetMs, () => wipCommand(ctx, caller, command.text), ctx.logger);
  });

  app.command('/stage', async ({ command, ack, respond }) => {
    const caller = resolveCaller(ctx.config(), command.user_id);
    await replyWithin(channelOf(ack, respond), budgetMs, () => stageCommand(ctx, caller, command.text), ctx.logger);
  });

  app.command('/demo', async ({ command, ack, respond }) => {
    const caller = resolveCaller(ctx.config(), command.user_id);
    await replyWithin(channelOf(ack, respond), budgetMs, () => demoCommand(ctx, caller, command.text, command.trigger_id), ctx.logger);
  });

  app.command('/digest', async ({ command, ack, respond }) => {
    const caller = resolveCaller(ctx.config(), command.user_id);
    await replyWithin(channelOf(ack, respond), budgetMs, () => digestCommand(ctx, caller, command.text), ctx.logger);
  });

  app.command('/unblock', async ({ command, ack, respond, client }) => {
    const caller = resolveCaller(ctx.config(), command.user_id);
    await replyWithin(
      channelOf(ack, respond),
      budgetMs,
      async () => {
        const plan = await unblockCommand(ctx, caller, command.text);
        if (plan.kind === 'reply') return plan.reply;
        return {
          afterAck: async () => {
            await openStandup(ctx, caller, plan.pod, (view) => client.views.open({ trigger_id: command.trigger_id, view }));
            return undefined;
          },
        };
      },
      ctx.logger,
    );
  });

  app.command('/idea', async ({ command, ack, respond, client }) => {
    const caller = resolveCaller(ctx.config(), command.user_id);
    await replyWithin(
      channelOf(ack, respond),
      budgetMs,
      async () => {
        const plan = await ideaCommand(ctx, caller, command.text);
        if (plan.kind === 'reply') return plan.reply;
        return {
          afterAck: async () => {
            await client.views.open({ trigger_id: command.trigger_id, view: plan.view });
            return undefined;
          },
        };
      },
      ctx.logger,
    );
  });

  // Mentioning the bot gets a short guide, in the mention's thread.
  app.event('app_mention', async ({ event, body }) => {
    await ctx.notifier.send({
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      kind: 'mention.help',
      text: `Hi <@${event.user ?? 'there'}>! Here is what I can do:\n${overviewText()}\nEvery command takes \`help\`.`,
      key: `mention:${String((body as { event_id?: unknown }).event_id ?? `${event.channel}:${event.ts}`)}`,
    });
  });
}
