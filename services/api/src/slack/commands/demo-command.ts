import { invalidInput, notFound, projectById, type ClosConfig } from '@clos/domain';
import { formatDay, localDay, splitArgs } from '@clos/slack';
import type { DemoRecord } from '@clos/platform';
import type { BotContext } from '../bot-context.js';
import { personLabel, type Caller } from '../caller.js';
import { parseWhole } from '../format.js';
import { requireProject } from '../lookup.js';
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
      return held(ctx, caller, rest[0]!, requestKey);
    default:
      return usageReply('/demo', `Unknown subcommand "${first}".`);
  }
}

async function schedule(ctx: BotContext, caller: Caller, args: string[], requestKey: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const [projectText, dayText, ...extra] = args;
  if (projectText === undefined || extra.length > 0) return usageReply('/demo', '`/demo schedule` takes a project and optionally a day: `/demo schedule web 2025-12-05`.');
  const project = requireProject(cfg, projectText);
  const { demo, created } = await asSlackCall(cfg, `schedule a demo of ${project.name}`, () =>
    ctx.services(caller, { correlationId: `slack:${requestKey}` }).scheduleDemo({
      projectId: project.id,
      ...(dayText !== undefined ? { day: dayText } : {}),
      requestKey: `slack:${requestKey}`,
    }),
  );
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

async function held(ctx: BotContext, caller: Caller, idText: string, requestKey: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const id = parseWhole(idText.replace(/^#/, ''), 1, Number.MAX_SAFE_INTEGER);
  if (id === undefined) throw invalidInput(`Expected a demo number such as 3, not "${idText}".`);
  const demo = await ctx.stores.demos.get(id);
  if (demo === undefined) throw notFound(`There is no demo #${id}.`);
  // Marked held and handed to the gate as evidence by the demo service (member of the pod, audited).
  const result = await asSlackCall(cfg, `mark demo #${id} held`, () =>
    ctx.services(caller, { correlationId: `slack:${requestKey}` }).markDemoHeld({ podId: demo.podId, demoId: id }),
  );
  const project = projectById(cfg, demo.projectId);
  if (!result.changed && result.evidence === null && result.demo.evidenceSubmittedAt !== undefined) return { text: `Demo #${id} was already marked held.` };
  if (result.changed) {
    await ctx.notifier.notify({
      podId: demo.podId,
      kind: 'demo.held',
      text: `:clapper: Demo #${id} of ${project?.name ?? demo.projectId} was held (marked by ${personLabel(cfg, caller.personId)}).`,
      key: `demo-held:${id}`,
    });
  }
  const note =
    result.evidence !== null
      ? ` It counts as evidence for *${result.evidence.criterionId}* in ${result.evidence.stageName}.`
      : ' Its project’s template asks for no demo, so it is not recorded as gate evidence.';
  return { text: `Demo #${id} of ${project?.name ?? demo.projectId} marked held.${note}` };
}
