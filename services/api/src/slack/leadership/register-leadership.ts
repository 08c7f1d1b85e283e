import { isClosError } from '@clos/domain';
import type { SlackApp } from '@clos/slack';
import type { BotContext } from '../bot-context.js';
import { resolveCaller, type Caller } from '../caller.js';
import { errorReply } from '../reply.js';
import { registerSlashCommand, replyOrModal } from '../slash-command.js';
import { CHECKIN_CALLBACK, CHECKIN_FIELDS, readCheckin } from './checkin-modal.js';
import { checkinCommand, decideCommand } from './leadership-commands.js';

/**
 * `/checkin` (a modal), its submission and `/decide`: each calls the leadership services
 * through the bot's application services — REST's services under REST's access rules and
 * audit — as the clos.yml member the Slack id belongs to.
 */
export function registerLeadership(app: SlackApp, ctx: BotContext, budgetMs: number): void {
  const leadership = (caller: Caller) => ctx.services(caller);
  registerSlashCommand(app, ctx, budgetMs, '/checkin', async ({ caller, text, openView }) => replyOrModal(await checkinCommand(leadership, caller, text), openView));
  registerSlashCommand(app, ctx, budgetMs, '/decide', ({ caller, text }) => decideCommand(leadership, caller, text));

  app.view(CHECKIN_CALLBACK, async ({ ack, body, view }) => {
    const caller = resolveCaller(ctx.config(), body.user.id);
    const showError = (message: string) => ack({ response_action: 'errors', errors: { [CHECKIN_FIELDS.energy.block]: message.slice(0, 150) } } as never);
    if (caller.member === undefined) return showError(`You are not in clos.yml: no pod lists your Slack id ${caller.slackUserId}.`);
    const answers = readCheckin(view.state.values as never);
    if (!answers.ok) return ack({ response_action: 'errors', errors: answers.errors } as never);
    let saved;
    try {
      saved = await leadership(caller).checkIn(answers.body);
    } catch (error) {
      return showError(isClosError(error) && error.code === 'Conflict' ? 'You have already checked in today.' : errorReply(error, ctx.logger).text);
    }
    await ack();
    await ctx.notifier
      .send({
        channel: caller.slackUserId,
        kind: 'leadership.checkin',
        text: `:white_check_mark: Checked in for ${saved.date}: energy ${saved.energy}, stress ${saved.stress}/10${saved.tension ? ', tension' : ''}${saved.circular ? ', circular thinking' : ''}.${saved.mission !== null ? `\nMission: ${saved.mission}` : ''}`,
        key: `checkin:${caller.personId}:${saved.date}`,
      })
      .catch((error: unknown) => ctx.logger?.warn({ err: error }, 'slack: check-in confirmation failed'));
  });
}
