import type { SlackApp } from '@clos/slack';
import { releaseAction, swarmAction } from './actions/wip-actions.js';
import { openIdeaIssue, submitIdea } from './actions/idea-actions.js';
import { resolveBlockerAction, submitStandup, type ViewAnswer } from './actions/standup-actions.js';
import type { BotContext } from './bot-context.js';
import { resolveCaller } from './caller.js';
import { errorReply, toMessage, type SlackReply } from './reply.js';
import { RESOLVE_BLOCKER_ACTION } from './views/blockers-view.js';
import { IDEA_CALLBACK, IDEA_ISSUE_ACTION } from './views/idea-view.js';
import { STANDUP_CALLBACK } from './views/standup-modal.js';
import { WIP_ACTIONS } from './views/wip-view.js';

type ActionHandler = (ctx: BotContext, caller: ReturnType<typeof resolveCaller>, value: string | undefined, requestKey: string) => Promise<SlackReply>;

const BUTTONS: Record<string, ActionHandler> = {
  [WIP_ACTIONS.release]: releaseAction,
  [WIP_ACTIONS.swarm]: swarmAction,
  [RESOLVE_BLOCKER_ACTION]: resolveBlockerAction,
  [IDEA_ISSUE_ACTION]: openIdeaIssue,
};

/**
 * Buttons and modal submissions. A button is acknowledged at once and answered through
 * its response URL, below the message it sits on; a modal submission is checked before the
 * acknowledgement, so problems show next to the inputs.
 */
export function registerInteractions(app: SlackApp, ctx: BotContext): void {
  for (const [actionId, handler] of Object.entries(BUTTONS)) {
    app.action(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const caller = resolveCaller(ctx.config(), body.user.id);
      const value = 'value' in action && typeof action.value === 'string' ? action.value : undefined;
      const requestKey = 'trigger_id' in body && typeof body.trigger_id === 'string' ? body.trigger_id : `${body.user.id}:${Date.now()}`;
      let reply: SlackReply;
      try {
        reply = await handler(ctx, caller, value, requestKey);
      } catch (error) {
        reply = errorReply(error, ctx.logger);
      }
      await respond({ ...toMessage(reply), replace_original: false } as never);
    });
  }

  const submission = (handler: (ctx: BotContext, caller: ReturnType<typeof resolveCaller>, view: never) => Promise<ViewAnswer>) =>
    async ({ ack, body, view }: { ack: (response?: never) => Promise<void>; body: { user: { id: string } }; view: unknown }) => {
      const caller = resolveCaller(ctx.config(), body.user.id);
      let answer: ViewAnswer;
      try {
        answer = await handler(ctx, caller, view as never);
      } catch (error) {
        const reply = errorReply(error, ctx.logger);
        // Shown at the top input of the modal; the person can fix it or cancel.
        answer = { kind: 'errors', errors: { [firstBlockId(view)]: reply.text.slice(0, 150) } };
      }
      if (answer.kind === 'errors') {
        await ack({ response_action: 'errors', errors: answer.errors } as never);
        return;
      }
      await ack();
      await answer.after?.().catch((error: unknown) => ctx.logger?.warn({ err: error }, 'slack: follow-up after a submission failed'));
    };

  app.view(STANDUP_CALLBACK, submission(submitStandup));
  app.view(IDEA_CALLBACK, submission(submitIdea));
}

/** The first input of a view, where a general error is shown. */
function firstBlockId(view: unknown): string {
  const blocks = (view as { blocks?: { type?: string; block_id?: string }[] }).blocks ?? [];
  return blocks.find((b) => b.type === 'input' && typeof b.block_id === 'string')?.block_id ?? 'today';
}
