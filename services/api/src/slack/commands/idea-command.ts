import { invalidInput, notFound } from '@clos/domain';
import { restAfter, splitArgs, unescapeSlackText, type ModalView } from '@clos/slack';
import { IDEA_STATUSES, type IdeaRecord, type IdeaStatus } from '@clos/platform';
import type { BotContext } from '../bot-context.js';
import type { Caller } from '../caller.js';
import { ideaPod, issueRepoFor } from '../../rest/services/ideas-service.js';
import { asSlackCall } from '../slack-services.js';
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
      return { kind: 'modal', view: ideaModal(title.slice(0, 200), await ideaPodFor(ctx, caller)) };
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
  const [idText, ...scores] = args;
  const values = scores.map((s) => parseWhole(s, 1, 10));
  if (values.length !== 3 || values.some((v) => v === undefined)) {
    return usageReply('/idea', 'Re-scoring takes an idea and three scores from 1 to 10: `/idea score 12 8 5 3` (impact, confidence, ease).');
  }
  const idea = await requireIdea(ctx, idText);
  const [impact, confidence, ease] = values as [number, number, number];
  const services = ctx.services(caller);
  const input = { ...ideaRef(ctx, idea), impact, confidence, ease };
  // The author re-scores their own idea; anyone else's needs a lead (the rule of each service).
  const result = await asSlackCall(ctx.config(), `re-score idea #${idea.id}`, () =>
    idea.submittedBy === caller.personId ? services.rescoreOwnIdea(input) : services.rescoreIdea(input),
  );
  return { text: `Idea #${idea.id} re-scored: ICE ${result.before.iceScore} → ${result.idea.iceScore}.` };
}

async function show(ctx: BotContext, caller: Caller, idText: string | undefined): Promise<SlackReply> {
  const cfg = ctx.config();
  const idea = await requireIdea(ctx, idText);
  const history = await ctx.stores.ideas.history(idea.id);
  return ideaDetailReply(cfg, idea, history, await canOpenIssue(ctx, caller, idea));
}

/** Names an idea for the idea services: its id and the pod it is judged in. */
function ideaRef(ctx: BotContext, idea: IdeaRecord): { ideaId: number; podId?: string } {
  const podId = ideaPod(ctx.config(), idea);
  return { ideaId: idea.id, ...(podId !== undefined ? { podId } : {}) };
}

/** The pod a new idea belongs to: the caller's first pod whose members may submit ideas. */
async function ideaPodFor(ctx: BotContext, caller: Caller): Promise<string | undefined> {
  const access = ctx.access(caller);
  for (const pod of caller.pods) if (await access.permits('submitIdea', { podId: pod.id })) return pod.id;
  // No pod of theirs: refused as the submission would be, unless a role elsewhere allows an idea without a pod.
  await asSlackCall(ctx.config(), 'submit ideas', () => access.check('submitIdea', {}));
  return undefined;
}

/** Whether to offer "Open a GitHub issue": an accepted idea not linked yet, to a caller the service's rule lets open it. */
async function canOpenIssue(ctx: BotContext, caller: Caller, idea: IdeaRecord): Promise<boolean> {
  if (ctx.github === undefined || idea.status !== 'accepted' || idea.github !== undefined || issueRepoFor(ctx.config(), idea) === undefined) return false;
  return ctx.access(caller).permits('openIdeaIssue', ideaRef(ctx, idea));
}

async function decide(ctx: BotContext, caller: Caller, to: 'accepted' | 'rejected', idText: string | undefined, reason: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const verb = to === 'accepted' ? 'accept' : 'reject';
  if (idText === undefined || reason === '') return usageReply('/idea', `\`/idea ${verb}\` needs an idea and a reason: \`/idea ${verb} 12 <reason>\`.`);
  const idea = await requireIdea(ctx, idText);
  const result = await asSlackCall(cfg, `${verb} idea #${idea.id}`, () =>
    ctx.services(caller).decideIdea({ ...ideaRef(ctx, idea), status: to, reason }),
  );
  if (!result.changed) return { text: `Idea #${idea.id} is already ${to}; nothing changed.` };
  const history = await ctx.stores.ideas.history(idea.id);
  const detail = ideaDetailReply(cfg, result.idea, history, await canOpenIssue(ctx, caller, result.idea));
  return { ...detail, text: `Idea #${idea.id} ${to}: ${reason}` };
}
