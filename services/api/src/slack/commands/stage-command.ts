import { invalidInput, isClosError, type ProjectConfig } from '@clos/domain';
import { plainLinks, restAfter, splitArgs, unescapeSlackText } from '@clos/slack';
import type { AdvanceResult } from '@clos/workflows';
import type { BotContext } from '../bot-context.js';
import type { Caller } from '../caller.js';
import { findProject, requireProject, templateOf } from '../lookup.js';
import { asSlackCall } from '../slack-services.js';
import type { SlackReply } from '../reply.js';
import { advanceReply, liveStage, stageLine, stageReply, type LiveStage } from '../views/stage-view.js';
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
  return stageReply(cfg, project, templateOf(cfg, project), await stageState(ctx, caller, project), ctx.now());
}

/** A project's live stage, read through the stage service REST reads with (viewer of its pod). */
async function stageState(ctx: BotContext, caller: Caller, project: ProjectConfig): Promise<LiveStage | undefined> {
  return liveStage(await asSlackCall(ctx.config(), `see the stage of ${project.name}`, () => ctx.services(caller).getStage({ projectId: project.id })));
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
      const state = await stageState(ctx, caller, project).catch(() => undefined);
      return stageLine(project, templateOf(cfg, project), state);
    }),
  );
  return { text: lines.join('\n') };
}

async function advance(ctx: BotContext, caller: Caller, project: ProjectConfig): Promise<SlackReply> {
  const cfg = ctx.config();
  const result = await asSlackCall(cfg, `advance ${project.name}`, () => ctx.services(caller).advanceProject({ projectId: project.id })).then(
    (moved): AdvanceResult => ({ status: 'advanced', from: moved.from ?? '', to: moved.to ?? '' }),
    (error: unknown) => refusedAdvance(error),
  );
  return advanceReply(project, templateOf(cfg, project), result);
}

/** The gate's answer to an advance the service refused (GateNotMet, or Conflict when paused or done). */
function refusedAdvance(error: unknown): AdvanceResult {
  const details = (isClosError(error) ? error.details : undefined) as Partial<Extract<AdvanceResult, { status: 'blocked' }>> & { pausedSince?: string };
  if (isClosError(error, 'GateNotMet') && details.stageId !== undefined) {
    return { status: 'blocked', stageId: details.stageId, missing: details.missing ?? [], failedRequests: details.failedRequests ?? 0, escalated: details.escalated ?? false };
  }
  if (isClosError(error, 'Conflict') && details.stageId !== undefined) {
    return details.pausedSince !== undefined ? { status: 'paused', stageId: details.stageId, pausedSince: details.pausedSince } : { status: 'done', stageId: details.stageId };
  }
  throw error;
}

async function evidence(ctx: BotContext, caller: Caller, project: ProjectConfig, text: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const [, , criterionId] = splitArgs(text);
  const value = restAfter(text, 3);
  if (criterionId === undefined || value === '') {
    return usageReply('/stage', '`/stage evidence` needs a project, a criterion and a link or text.');
  }
  const wanted = criterionId.toLowerCase();
  // The service judges the criterion by the evidence rule (the stage the project is in now).
  await asSlackCall(cfg, `submit evidence for ${project.name}`, () =>
    ctx.services(caller).submitEvidence({ projectId: project.id, criterionId: wanted, value }),
  ).catch((error: unknown) => {
    const refused = (isClosError(error, 'NotFound') ? error.details : undefined) as { criteria?: string[]; stageName?: string } | undefined;
    if (refused?.criteria === undefined) throw error;
    const known = refused.criteria.map((id) => `\`${id}\``);
    throw invalidInput(
      `${refused.stageName ?? 'This stage'} of ${project.name} has no evidence criterion "${criterionId}". ` +
        (known.length > 0 ? `It takes evidence for: ${known.join(', ')}.` : 'It takes no evidence.'),
    );
  });
  const criterion = templateOf(cfg, project).stages.flatMap((s) => s.criteria).find((c) => c.id === wanted);
  return { text: `:paperclip: Evidence for *${criterion?.description ?? wanted}* of ${project.name} recorded: ${value}` };
}

async function override(ctx: BotContext, caller: Caller, project: ProjectConfig, reason: string): Promise<SlackReply> {
  const cfg = ctx.config();
  if (reason === '') return usageReply('/stage', 'An override needs a reason: `/stage override <project> <reason>`.');
  const result = await asSlackCall(cfg, `override the stage gate of ${project.name}`, () =>
    ctx.services(caller).overrideStage({ projectId: project.id, reason }),
  );
  const template = templateOf(cfg, project);
  const name = (id: string) => template.stages.find((s) => s.id === id)?.name ?? id;
  return { text: `:fast_forward: ${project.name} moved from ${name(result.from ?? '')} to ${name(result.to ?? '')} by override: ${reason}`, inChannel: true };
}

async function resume(ctx: BotContext, caller: Caller, project: ProjectConfig, reason: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const result = await asSlackCall(cfg, `resume the stage gate of ${project.name}`, () =>
    ctx.services(caller).resumeProject({ projectId: project.id, ...(reason !== '' ? { reason } : {}) }),
  );
  return result.status === 'resumed'
    ? { text: `:arrow_forward: The gate of ${project.name} is running again.`, inChannel: true }
    : { text: `The gate of ${project.name} was not paused; nothing changed.` };
}
