import { forbidden, invalidInput, notFound, podById, roleAtLeast, type ClosConfig } from '@clos/domain';
import { restAfter, splitArgs, unescapeSlackText, type ModalView } from '@clos/slack';
import { IDEA_STATUSES, type IdeaRecord, type IdeaStatus } from '@clos/platform';
import type { BotContext } from '../bot-context.js';
import { callerRole, requireRole, type Caller } from '../caller.js';
import { parseWhole } from '../format.js';
import type { SlackReply } from '../reply.js';
import { ideaDetailReply, ideaLine, ideaModal } from '../views/idea-view.js';
import { helpReply, usageReply } from './usage.js';

/** What `/idea` decided to do. */
export type IdeaPlan = { kind: 'reply'; reply: SlackReply } | { kind: 'modal'; view: ModalView };

const reply = (r: SlackReply): IdeaPlan => ({ kind: 'reply', reply: r });

/** `/idea …`. */
export async function ideaCommand(ctx: BotContext, caller: Caller, rawText: string): Promise<IdeaPlan> {
  const text = unescapeSlackText(rawText);
  const [first, ...rest] = splitArgs(text);
  switch (first?.toLowerCase()) {
    case undefined:
    case 'help':
      return reply(helpReply('/idea'));
    case 'submit': {
      const title = restAfter(text, 1);
      if (title === '') return reply(usageReply('/idea', '`/idea submit` needs a title, e.g. `/idea submit Faster checkout`.'));
      if (caller.member === undefined) throw forbidden('Only members of a pod in clos.yml can submit ideas.');
      return { kind: 'modal', view: ideaModal(title.slice(0, 200), caller.pods[0]?.id) };
    }
    case 'list':
      return reply(await list(ctx, rest[0]));
    case 'score':
      return reply(rest.length === 0 ? await ranking(ctx) : await rescore(ctx, caller, rest));
    case 'show':
      return reply(await show(ctx, caller, rest[0]));
    case 'accept':
    case 'reject':
      return reply(await decide(ctx, caller, first.toLowerCase() === 'accept' ? 'accepted' : 'rejected', rest[0], restAfter(text, 2)));
    default:
      return reply(usageReply('/idea', `Unknown subcommand "${first}".`));
  }
}

function parseId(text: string | undefined): number {
  const id = parseWhole(text?.replace(/^#/, ''), 1, Number.MAX_SAFE_INTEGER);
  if (id === undefined) throw invalidInput(`Expected an idea number such as 12, not "${text ?? ''}".`);
  return id;
}

async function requireIdea(ctx: BotContext, text: string | undefined): Promise<IdeaRecord> {
  const id = parseId(text);
  const idea = await ctx.stores.ideas.get(id);
  if (idea === undefined) throw notFound(`There is no idea #${id}.`);
  return idea;
}

async function list(ctx: BotContext, statusText: string | undefined): Promise<SlackReply> {
  const cfg = ctx.config();
  const wanted = statusText?.toLowerCase();
  if (wanted !== undefined && wanted !== 'all' && !(IDEA_STATUSES as readonly string[]).includes(wanted)) {
    return usageReply('/idea', `Unknown status "${statusText}"; use proposed, accepted, rejected or all.`);
  }
  const status = wanted === undefined || wanted === 'all' ? undefined : (wanted as IdeaStatus);
  const ideas = await ctx.stores.ideas.list({ ...(status !== undefined ? { status } : {}), order: 'recent', limit: 15 });
  if (ideas.length === 0) return { text: `No ${status ?? ''} ideas yet. \`/idea submit <title>\` adds one.`.replace('  ', ' ') };
  return { text: `*Ideas${status !== undefined ? ` (${status})` : ''}, newest first*\n${ideas.map((i) => ideaLine(cfg, i)).join('\n')}` };
}

async function ranking(ctx: BotContext): Promise<SlackReply> {
  const cfg = ctx.config();
  const ideas = await ctx.stores.ideas.list({ status: 'proposed', order: 'score', limit: 15 });
  if (ideas.length === 0) return { text: 'No proposed ideas to rank. `/idea submit <title>` adds one.' };
  return { text: `*Proposed ideas by ICE score*\n${ideas.map((idea, i) => `${i + 1}. ${ideaLine(cfg, idea)}`).join('\n')}` };
}

async function rescore(ctx: BotContext, caller: Caller, args: string[]): Promise<SlackReply> {
  const cfg = ctx.config();
  const [idText, ...scores] = args;
  const values = scores.map((s) => parseWhole(s, 1, 10));
  if (values.length !== 3 || values.some((v) => v === undefined)) {
    return usageReply('/idea', 'Re-scoring takes an idea and three scores from 1 to 10: `/idea score 12 8 5 3` (impact, confidence, ease).');
  }
  const idea = await requireIdea(ctx, idText);
  if (idea.submittedBy !== caller.personId) requireLead(cfg, caller, idea, `re-score idea #${idea.id}`);
  const [impact, confidence, ease] = values as [number, number, number];
  const updated = await ctx.stores.ideas.rescore(idea.id, { impact, confidence, ease });
  await ctx.audit({ actor: caller.personId, action: 'idea.rescored', target: `idea:${idea.id}`, details: { from: [idea.impact, idea.confidence, idea.ease], to: values } });
  return { text: `Idea #${idea.id} re-scored: ICE ${idea.iceScore} → ${updated?.iceScore ?? impact * confidence * ease}.` };
}

async function show(ctx: BotContext, caller: Caller, idText: string | undefined): Promise<SlackReply> {
  const cfg = ctx.config();
  const idea = await requireIdea(ctx, idText);
  const history = await ctx.stores.ideas.history(idea.id);
  return ideaDetailReply(cfg, idea, history, canOpenIssue(ctx, cfg, caller, idea));
}

/** Deciding needs a lead of the idea's pod; an idea without a pod, a lead of any pod. */
function requireLead(cfg: ClosConfig, caller: Caller, idea: IdeaRecord, action: string): void {
  if (idea.podId !== undefined && podById(cfg, idea.podId) !== undefined) {
    requireRole(cfg, caller, idea.podId, 'lead', action);
    return;
  }
  if (!cfg.pods.some((pod) => roleAtLeast(callerRole(cfg, caller, pod.id), 'lead'))) {
    throw forbidden(`Only a lead can ${action}.`);
  }
}

/** The repository an idea's issue goes to: the first repository of its pod, else the config repository. */
export function issueRepoFor(cfg: ClosConfig, idea: IdeaRecord): string | undefined {
  const pod = idea.podId !== undefined ? podById(cfg, idea.podId) : undefined;
  return pod?.repos[0] ?? cfg.configRepo;
}

function canOpenIssue(ctx: BotContext, cfg: ClosConfig, caller: Caller, idea: IdeaRecord): boolean {
  if (ctx.github === undefined || idea.status !== 'accepted' || idea.github !== undefined || issueRepoFor(cfg, idea) === undefined) return false;
  try {
    requireLead(cfg, caller, idea, 'open an issue');
    return true;
  } catch {
    return false;
  }
}

async function decide(ctx: BotContext, caller: Caller, to: IdeaStatus, idText: string | undefined, reason: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const verb = to === 'accepted' ? 'accept' : 'reject';
  if (idText === undefined || reason === '') return usageReply('/idea', `\`/idea ${verb}\` needs an idea and a reason: \`/idea ${verb} 12 <reason>\`.`);
  const idea = await requireIdea(ctx, idText);
  requireLead(cfg, caller, idea, `${verb} idea #${idea.id}`);
  const result = await ctx.stores.ideas.setStatus(idea.id, to, caller.personId, reason);
  if (result === undefined) throw notFound(`There is no idea #${idea.id}.`);
  if (!result.changed) return { text: `Idea #${idea.id} is already ${to}; nothing changed.` };
  await ctx.audit({ actor: caller.personId, action: `idea.${to}`, target: `idea:${idea.id}`, details: { reason, slackUserId: caller.slackUserId } });
  const history = await ctx.stores.ideas.history(idea.id);
  const detail = ideaDetailReply(cfg, result.idea, history, canOpenIssue(ctx, cfg, caller, result.idea));
  return { ...detail, text: `Idea #${idea.id} ${to}: ${reason}` };
}
