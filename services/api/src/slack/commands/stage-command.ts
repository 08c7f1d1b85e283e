import { invalidInput, type ProjectConfig } from '@clos/domain';
import { plainLinks, restAfter, splitArgs, unescapeSlackText } from '@clos/slack';
import { getStageState, overrideStage, requestAdvance, resumeStage, submitEvidence, type StageStateView } from '@clos/workflows';
import type { BotContext } from '../bot-context.js';
import { withLiveDeadline } from '../live-state.js';
import { requireRole, type Caller } from '../caller.js';
import { findProject, projectStart, requireProject, templateOf } from '../lookup.js';
import type { SlackReply } from '../reply.js';
import { advanceReply, stageLine, stageReply } from '../views/stage-view.js';
import { helpReply, usageReply } from './usage.js';

const SUBCOMMANDS = ['advance', 'evidence', 'override', 'resume', 'help'];

/** `/stage …`. */
export async function stageCommand(ctx: BotContext, caller: Caller, rawText: string): Promise<SlackReply> {
  const text = plainLinks(unescapeSlackText(rawText));
  const cfg = ctx.config();
  const [first, second] = splitArgs(text);
  if (first === undefined) return callerProjects(ctx, caller);
  const word = first.toLowerCase();
  if (word === 'help') return helpReply('/stage');
  if (SUBCOMMANDS.includes(word)) {
    if (second === undefined) return usageReply('/stage', `\`/stage ${word}\` needs a project.`);
    const project = requireProject(cfg, second);
    switch (word) {
      case 'advance':
        return advance(ctx, caller, project);
      case 'evidence':
        return evidence(ctx, caller, project, text);
      case 'override':
        return override(ctx, caller, project, restAfter(text, 2));
      default:
        return resume(ctx, caller, project, restAfter(text, 2));
    }
  }
  const project = findProject(cfg, first);
  if (project === undefined) return usageReply('/stage', `No subcommand or project named "${first}".`);
  if (second !== undefined) return usageReply('/stage', `Unexpected "${restAfter(text, 1)}" after the project.`);
  return stageReply(cfg, project, templateOf(cfg, project), await stageState(ctx, project.id), ctx.now());
}

async function stageState(ctx: BotContext, projectId: string): Promise<StageStateView | undefined> {
  return withLiveDeadline(ctx, () => getStageState(ctx.temporal, projectId));
}

async function callerProjects(ctx: BotContext, caller: Caller): Promise<SlackReply> {
  const cfg = ctx.config();
  const podIds = new Set(caller.pods.map((p) => p.id));
  const projects = cfg.projects.filter((p) => podIds.has(p.pod)).slice(0, 15);
  if (projects.length === 0) {
    return usageReply('/stage', caller.pods.length === 0 ? 'You are not a member of any pod in clos.yml.' : 'Your pods have no projects in clos.yml.');
  }
  const lines = await Promise.all(
    projects.map(async (project) => {
      const state = await stageState(ctx, project.id).catch(() => undefined);
      return stageLine(project, templateOf(cfg, project), state);
    }),
  );
  return { text: lines.join('\n') };
}

async function advance(ctx: BotContext, caller: Caller, project: ProjectConfig): Promise<SlackReply> {
  const cfg = ctx.config();
  const role = requireRole(cfg, caller, project.pod, 'member', `advance ${project.name}`);
  const result = await requestAdvance(ctx.temporal, project.id, { by: caller.personId, role }, projectStart(cfg, project, ctx.taskQueue));
  return advanceReply(project, templateOf(cfg, project), result);
}

async function evidence(ctx: BotContext, caller: Caller, project: ProjectConfig, text: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const [, , criterionId] = splitArgs(text);
  const value = restAfter(text, 3);
  if (criterionId === undefined || value === '') {
    return usageReply('/stage', '`/stage evidence` needs a project, a criterion and a link or text.');
  }
  const role = requireRole(cfg, caller, project.pod, 'member', `submit evidence for ${project.name}`);
  const template = templateOf(cfg, project);
  const state = await stageState(ctx, project.id).catch(() => undefined);
  const stageId = state?.stage.id ?? template.stages[0]?.id;
  const stage = template.stages.find((s) => s.id === stageId);
  const wanted = stage?.criteria.filter((c) => c.type === 'evidence' || c.type === 'signoff') ?? [];
  const criterion = stage?.criteria.find((c) => c.id === criterionId.toLowerCase());
  if (criterion === undefined || criterion.type !== 'evidence') {
    const known = wanted.filter((c) => c.type === 'evidence').map((c) => `\`${c.id}\``);
    throw invalidInput(
      `${stage?.name ?? 'This stage'} of ${project.name} has no evidence criterion "${criterionId}". ` +
        (known.length > 0 ? `It takes evidence for: ${known.join(', ')}.` : 'It takes no evidence.'),
    );
  }
  await submitEvidence(ctx.temporal, projectStart(cfg, project, ctx.taskQueue), {
    criterionId: criterion.id,
    by: caller.personId,
    role,
    value,
    ...(stageId !== undefined ? { stageId } : {}),
    at: ctx.now().toISOString(),
  });
  return { text: `:paperclip: Evidence for *${criterion.description ?? criterion.id}* of ${project.name} recorded: ${value}` };
}

async function override(ctx: BotContext, caller: Caller, project: ProjectConfig, reason: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const role = requireRole(cfg, caller, project.pod, 'lead', `override the stage gate of ${project.name}`);
  if (reason === '') return usageReply('/stage', 'An override needs a reason: `/stage override <project> <reason>`.');
  const result = await overrideStage(ctx.temporal, project.id, { by: caller.personId, role, reason }, projectStart(cfg, project, ctx.taskQueue));
  await ctx.audit({
    actor: caller.personId,
    action: 'stage.override_requested',
    target: `project:${project.id}`,
    details: { slackUserId: caller.slackUserId, from: result.from, to: result.to, reason },
  });
  const template = templateOf(cfg, project);
  const name = (id: string) => template.stages.find((s) => s.id === id)?.name ?? id;
  return { text: `:fast_forward: ${project.name} moved from ${name(result.from)} to ${name(result.to)} by override: ${reason}`, inChannel: true };
}

async function resume(ctx: BotContext, caller: Caller, project: ProjectConfig, reason: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const role = requireRole(cfg, caller, project.pod, 'lead', `resume the stage gate of ${project.name}`);
  const result = await resumeStage(ctx.temporal, project.id, { by: caller.personId, role, ...(reason !== '' ? { reason } : {}) }, projectStart(cfg, project, ctx.taskQueue));
  await ctx.audit({
    actor: caller.personId,
    action: 'stage.resume_requested',
    target: `project:${project.id}`,
    details: { slackUserId: caller.slackUserId, outcome: result.status, reason: reason || null },
  });
  return result.status === 'resumed'
    ? { text: `:arrow_forward: The gate of ${project.name} is running again.`, inChannel: true }
    : { text: `The gate of ${project.name} was not paused; nothing changed.` };
}
