import type { SlackApp } from '@clos/slack';
import type { BotContext } from './bot-context.js';
import { demoCommand } from './commands/demo-command.js';
import { digestCommand } from './commands/digest-command.js';
import { ideaCommand } from './commands/idea-command.js';
import { stageCommand } from './commands/stage-command.js';
import { openStandup, unblockCommand } from './commands/unblock-command.js';
import { wipCommand } from './commands/wip-command.js';
import { overviewText } from './commands/usage.js';
import { registerSlashCommand, replyOrModal, type SlashCommandWork } from './slash-command.js';

/**
 * The slash commands. Each identifies the caller by the Slack user id clos.yml lists,
 * answers in the acknowledgement when it can within the budget and through the response
 * URL otherwise; commands that open a modal acknowledge first, then open it.
 */
export function registerCommands(app: SlackApp, ctx: BotContext, budgetMs: number): void {
  const command = (name: string, work: SlashCommandWork) => registerSlashCommand(app, ctx, budgetMs, name, work);
  command('/wip', ({ caller, text }) => wipCommand(ctx, caller, text));
  command('/stage', ({ caller, text }) => stageCommand(ctx, caller, text));
  command('/demo', ({ caller, text, triggerId }) => demoCommand(ctx, caller, text, triggerId));
  command('/digest', ({ caller, text }) => digestCommand(ctx, caller, text));
  command('/unblock', async ({ caller, text, openView }) => {
    const plan = await unblockCommand(ctx, caller, text);
    if (plan.kind === 'reply') return plan.reply;
    return {
      afterAck: async () => {
        await openStandup(ctx, caller, plan.pod, openView);
        return undefined;
      },
    };
  });
  command('/idea', async ({ caller, text, openView }) => replyOrModal(await ideaCommand(ctx, caller, text), openView));

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
