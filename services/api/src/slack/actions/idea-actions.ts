import { conflict, forbidden, invalidInput, notFound, podById } from '@clos/domain';
import type { BotContext } from '../bot-context.js';
import { personLabel, requireRole, type Caller } from '../caller.js';
import { issueRepoFor } from '../commands/idea-command.js';
import type { SlackReply } from '../reply.js';
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

/** A submitted idea: stored once per modal, announced in the pod's channel. */
export async function submitIdea(
  ctx: BotContext,
  caller: Caller,
  view: { id: string; private_metadata: string; state: { values: Parameters<typeof readIdea>[0] } },
): Promise<ViewAnswer> {
  const cfg = ctx.config();
  const answers = readIdea(view.state.values);
  const errors = ideaErrors(answers);
  if (Object.keys(errors).length > 0) return { kind: 'errors', errors };
  if (caller.member === undefined) throw forbidden('Only members of a pod in clos.yml can submit ideas.');
  const meta = parseMetadata(view.private_metadata);
  const podId = meta.podId !== undefined && podById(cfg, meta.podId) !== undefined ? meta.podId : undefined;
  const { idea, created } = await ctx.stores.ideas.create({
    ...(podId !== undefined ? { podId } : {}),
    title: answers.title,
    problem: answers.problem,
    impact: answers.impact!,
    confidence: answers.confidence!,
    ease: answers.ease!,
    submittedBy: caller.personId,
    submissionKey: `slack-view:${view.id}`,
  });
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
 * "Open a GitHub issue" on an accepted idea: a lead turns it into an issue in the pod's
 * first repository (or the config repository), linked back to the idea. An idea becomes
 * one issue at most.
 */
export async function openIdeaIssue(ctx: BotContext, caller: Caller, value: string | undefined): Promise<SlackReply> {
  const cfg = ctx.config();
  const github = ctx.github;
  if (github === undefined) throw invalidInput('GitHub is not configured for CLOS, so ideas cannot become issues.');
  const id = Number(value);
  const idea = Number.isSafeInteger(id) ? await ctx.stores.ideas.get(id) : undefined;
  if (idea === undefined) throw notFound(`There is no idea #${value ?? ''}.`);
  if (idea.podId !== undefined && podById(cfg, idea.podId) !== undefined) requireRole(cfg, caller, idea.podId, 'lead', `open an issue for idea #${idea.id}`);
  else if (!cfg.pods.some((p) => p.members.some((m) => m.slack === caller.slackUserId && (m.role === 'lead' || m.role === 'admin')))) {
    throw forbidden(`Only a lead can open an issue for idea #${idea.id}.`);
  }
  if (idea.status !== 'accepted') throw conflict(`Idea #${idea.id} is ${idea.status}; only accepted ideas become issues.`);
  if (idea.github !== undefined) return { text: `Idea #${idea.id} already is ${idea.github.url}` };
  const repo = issueRepoFor(cfg, idea);
  if (repo === undefined) throw invalidInput(`Idea #${idea.id} has no pod with a repository to open the issue in.`);
  const issue = await github.createIssue(repo, {
    title: idea.title,
    body: [
      idea.problem,
      '',
      `ICE score ${idea.iceScore} (impact ${idea.impact}, confidence ${idea.confidence}, ease ${idea.ease}).`,
      `Idea #${idea.id} in CLOS, accepted by ${caller.name}.`,
    ].join('\n'),
    labels: ['idea'],
  });
  const linked = await ctx.stores.ideas.linkIssue(idea.id, { repo, number: issue.number, url: issue.url });
  await ctx.audit({ actor: caller.personId, action: 'idea.issue_opened', target: `idea:${idea.id}`, details: { repo, number: issue.number, linked: linked !== undefined } });
  return { text: `:octocat: Idea #${idea.id} is now ${issue.url}`, inChannel: false };
}
