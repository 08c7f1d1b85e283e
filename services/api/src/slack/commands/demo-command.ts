import { invalidInput, notFound, podById, projectById, type ClosConfig, type ProjectConfig, type StageTemplate } from '@clos/domain';
import { formatDay, FRIDAY, isDay, localDay, nextWeekday, splitArgs } from '@clos/slack';
import type { DemoRecord } from '@clos/platform';
import { getStageState } from '@clos/workflows';
import type { BotContext } from '../bot-context.js';
import { withLiveDeadline } from '../live-state.js';
import { personLabel, requireRole, type Caller } from '../caller.js';
import { parseWhole } from '../format.js';
import { requireProject, templateOf } from '../lookup.js';
import { asSlackCall } from '../slack-services.js';
import type { SlackReply } from '../reply.js';
import { helpReply, usageReply } from './usage.js';

/** `/demo …`. */
export async function demoCommand(ctx: BotContext, caller: Caller, text: string, requestKey: string): Promise<SlackReply> {
  const [first, ...rest] = splitArgs(text);
  switch (first?.toLowerCase()) {
    case undefined:
    case 'help':
      return helpReply('/demo');
    case 'schedule':
      return schedule(ctx, caller, rest, requestKey);
    case 'list':
      if (rest.length > 1) return usageReply('/demo', '`/demo list` takes at most a project.');
      return list(ctx, caller, rest[0]);
    case 'held':
      if (rest.length !== 1) return usageReply('/demo', '`/demo held` takes the demo’s number, e.g. `/demo held 3`.');
      return held(ctx, caller, rest[0]!);
    default:
      return usageReply('/demo', `Unknown subcommand "${first}".`);
  }
}

async function schedule(ctx: BotContext, caller: Caller, args: string[], requestKey: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const [projectText, dayText, ...extra] = args;
  if (projectText === undefined || extra.length > 0) return usageReply('/demo', '`/demo schedule` takes a project and optionally a day: `/demo schedule web 2025-12-05`.');
  const project = requireProject(cfg, projectText);
  requireRole(cfg, caller, project.pod, 'member', `schedule a demo of ${project.name}`);
  const today = localDay(ctx.now(), cfg.timezone);
  const day = dayText ?? nextWeekday(today, FRIDAY);
  if (!isDay(day)) throw invalidInput(`"${day}" is not a day; write it as YYYY-MM-DD.`);
  if (day < today) throw invalidInput(`${formatDay(day)} has passed; pick today or a later day.`);
  const { demo, created } = await ctx.stores.demos.schedule({ projectId: project.id, podId: project.pod, day, scheduledBy: caller.personId, requestKey: `slack:${requestKey}` });
  if (created) {
    await ctx.notifier.notify({
      podId: project.pod,
      kind: 'demo.scheduled',
      text: `:tv: Demo *#${demo.id}* of ${project.name} scheduled for ${formatDay(demo.day)} by ${personLabel(cfg, caller.personId)}.`,
      key: `demo-scheduled:${demo.id}`,
    });
  }
  return { text: `Demo #${demo.id} of ${project.name} is scheduled for ${formatDay(demo.day)} (${demo.day}). Mark it with \`/demo held ${demo.id}\` once it happened.` };
}

function demoLine(cfg: ClosConfig, demo: DemoRecord): string {
  const project = projectById(cfg, demo.projectId);
  const status = demo.heldAt !== undefined ? ` — held${demo.heldBy !== undefined ? ` (${personLabel(cfg, demo.heldBy)})` : ''}` : '';
  return `*#${demo.id}* ${project?.name ?? demo.projectId} — ${formatDay(demo.day)}${status}`;
}

async function list(ctx: BotContext, caller: Caller, projectText: string | undefined): Promise<SlackReply> {
  const cfg = ctx.config();
  const today = localDay(ctx.now(), cfg.timezone);
  const project = projectText !== undefined ? requireProject(cfg, projectText) : undefined;
  const podIds = project === undefined && caller.pods.length > 0 ? caller.pods.map((p) => p.id) : undefined;
  const demos = await ctx.stores.demos.list({
    upcomingFrom: today,
    ...(project !== undefined ? { projectId: project.id } : {}),
    ...(podIds !== undefined ? { podIds } : {}),
  });
  const scope = project !== undefined ? ` of ${project.name}` : podIds !== undefined ? ' of your pods' : '';
  if (demos.length === 0) return { text: `No upcoming demos${scope}. \`/demo schedule <project>\` adds one.` };
  return { text: `*Upcoming demos${scope}*\n${demos.map((d) => demoLine(cfg, d)).join('\n')}` };
}

/** The criterion a held demo is evidence for: an evidence criterion named or described as a demo. */
export function demoCriterion(template: StageTemplate, preferStageId: string | undefined): { stageId: string; criterionId: string } | undefined {
  const isDemo = (c: { id: string; type: string; description?: string }) =>
    c.type === 'evidence' && (/demo/i.test(c.id) || /demo/i.test(c.description ?? ''));
  const ordered = [...template.stages].sort((a, b) => (a.id === preferStageId ? -1 : b.id === preferStageId ? 1 : 0));
  for (const stage of ordered) {
    const criterion = stage.criteria.find(isDemo);
    if (criterion !== undefined) return { stageId: stage.id, criterionId: criterion.id };
  }
  return undefined;
}

async function held(ctx: BotContext, caller: Caller, idText: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const id = parseWhole(idText.replace(/^#/, ''), 1, Number.MAX_SAFE_INTEGER);
  if (id === undefined) throw invalidInput(`Expected a demo number such as 3, not "${idText}".`);
  const demo = await ctx.stores.demos.get(id);
  if (demo === undefined) throw notFound(`There is no demo #${id}.`);
  requireRole(cfg, caller, demo.podId, 'member', `mark demo #${id} held`);
  const marked = await ctx.stores.demos.markHeld(id, caller.personId);
  if (marked === undefined) throw notFound(`There is no demo #${id}.`);
  const project = projectById(cfg, demo.projectId);
  if (!marked.changed && marked.demo.evidenceSubmittedAt !== undefined) return { text: `Demo #${id} was already marked held.` };
  const evidence = project !== undefined ? await recordEvidence(ctx, caller, project, marked.demo) : undefined;
  if (marked.changed) {
    await ctx.notifier.notify({
      podId: demo.podId,
      kind: 'demo.held',
      text: `:clapper: Demo #${id} of ${project?.name ?? demo.projectId} was held (marked by ${personLabel(cfg, caller.personId)}).`,
      key: `demo-held:${id}`,
    });
  }
  const note = evidence !== undefined ? ` It counts as evidence for *${evidence.criterionId}* in ${evidence.stageName}.` : ' Its project’s template asks for no demo, so it is not recorded as gate evidence.';
  return { text: `Demo #${id} of ${project?.name ?? demo.projectId} marked held.${note}` };
}

/** Hands the held demo to the gate as evidence, through the evidence service (rule, access and audit as REST). */
async function recordEvidence(
  ctx: BotContext,
  caller: Caller,
  project: ProjectConfig,
  demo: DemoRecord,
): Promise<{ criterionId: string; stageName: string } | undefined> {
  const cfg = ctx.config();
  const template = templateOf(cfg, project);
  const state = await withLiveDeadline(ctx, () => getStageState(ctx.temporal, project.id)).catch(() => undefined);
  const target = demoCriterion(template, state?.stage.id);
  if (target === undefined) return undefined;
  await asSlackCall(cfg, `submit evidence for ${project.name}`, () =>
    ctx.services(caller).submitEvidence({
      projectId: project.id,
      criterionId: target.criterionId,
      stageId: target.stageId,
      value: `Demo #${demo.id} held on ${demo.day} (${podById(cfg, demo.podId)?.name ?? demo.podId})`,
    }),
  );
  await ctx.stores.demos.markEvidenceSubmitted(demo.id);
  return { criterionId: target.criterionId, stageName: template.stages.find((s) => s.id === target.stageId)?.name ?? target.stageId };
}
