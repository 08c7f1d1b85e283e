import { notFound, podById } from '@clos/domain';
import type { BotContext } from '../bot-context.js';
import { personLabel, type Caller } from '../caller.js';
import { ideaPod } from '../../rest/services/ideas-service.js';
import type { SlackReply } from '../reply.js';
import { asSlackCall } from '../slack-services.js';
import { ideaErrors, readIdea, type IdeaMetadata } from '../views/idea-view.js';
import type { ViewAnswer } from './standup-actions.js';

function parseMetadata(text: string): IdeaMetadata {
  try {
    const parsed = JSON.parse(text || '{}') as IdeaMetadata;
    return typeof parsed.podId === 'string' ? { podId: parsed.podId } : {};
  } catch {
    return {};
  }
}

/** A submitted idea: stored once per modal through the idea service (member, audited), announced in the pod's channel. */
export async function submitIdea(
  ctx: BotContext,
  caller: Caller,
  view: { id: string; private_metadata: string; state: { values: Parameters<typeof readIdea>[0] } },
): Promise<ViewAnswer> {
  const cfg = ctx.config();
  const answers = readIdea(view.state.values);
  const errors = ideaErrors(answers);
  if (Object.keys(errors).length > 0) return { kind: 'errors', errors };
  const meta = parseMetadata(view.private_metadata);
  const podId = meta.podId !== undefined && podById(cfg, meta.podId) !== undefined ? meta.podId : undefined;
  const { idea, created } = await asSlackCall(cfg, 'submit ideas', () =>
    ctx.services(caller, { correlationId: `slack:${view.id}` }).submitIdea({
      ...(podId !== undefined ? { podId } : {}),
      title: answers.title,
      problem: answers.problem,
      impact: answers.impact!,
      confidence: answers.confidence!,
      ease: answers.ease!,
      submissionKey: `slack-view:${view.id}`,
    }),
  );
  return {
    kind: 'close',
    after: async () => {
      if (!created) return;
      const text = `:bulb: New idea *#${idea.id}* from ${personLabel(cfg, caller.personId)}: ${idea.title} — ICE ${idea.iceScore} (${idea.impact}×${idea.confidence}×${idea.ease})`;
      if (podId !== undefined && podById(cfg, podId)?.slackChannel !== undefined) {
        await ctx.notifier.notify({ podId, kind: 'idea.submitted', text, key: `idea-submitted:${idea.id}` });
      } else {
        await ctx.notifier.send({ channel: caller.slackUserId, kind: 'idea.submitted', text, key: `idea-submitted:${idea.id}` });
      }
    },
  };
}

/**
 * "Open a GitHub issue" on an accepted idea: the idea service (a lead of its pod) turns it into
 * an issue in the pod's first repository (or the config repository), linked back to the idea.
 */
export async function openIdeaIssue(ctx: BotContext, caller: Caller, value: string | undefined, requestKey: string): Promise<SlackReply> {
  const id = Number(value);
  const idea = Number.isSafeInteger(id) ? await ctx.stores.ideas.get(id) : undefined;
  if (idea === undefined) throw notFound(`There is no idea #${value ?? ''}.`);
  const podId = ideaPod(ctx.config(), idea);
  const result = await asSlackCall(ctx.config(), `open an issue for idea #${idea.id}`, () =>
    ctx.services(caller, { correlationId: `slack:${requestKey}` }).openIdeaIssue({ ideaId: idea.id, ...(podId !== undefined ? { podId } : {}) }),
  );
  if (!result.opened) return { text: `Idea #${idea.id} already is ${result.issue.url}` };
  return { text: `:octocat: Idea #${idea.id} is now ${result.issue.url}`, inChannel: false };
}
