import { forbidden, invalidInput, personId, roleAtLeast, type PodConfig } from '@clos/domain';
import { localDay, splitArgs } from '@clos/slack';
import type { BotContext } from '../bot-context.js';
import { personLabel, requireRole, type Caller } from '../caller.js';
import { requirePod } from '../lookup.js';
import type { SlackReply } from '../reply.js';
import { blockersReply } from '../views/blockers-view.js';
import { standupModal } from '../views/standup-modal.js';
import { helpReply, usageReply } from './usage.js';

/** Days a blocker may stay open before it is escalated to the pod's lead, unless clos.yml says otherwise. */
export const DEFAULT_ESCALATE_AFTER_DAYS = 3;

/** The escalation age of a pod's blockers: its `healthThresholds.blockerAgeDays`, else the default. */
export function escalateAfterDays(pod: PodConfig): number {
  return pod.healthThresholds?.blockerAgeDays ?? DEFAULT_ESCALATE_AFTER_DAYS;
}

/** What `/unblock` decided to do. */
export type UnblockPlan = { kind: 'reply'; reply: SlackReply } | { kind: 'modal'; pod: PodConfig };

/** `/unblock …`: a reply, or the standup modal to open. */
export async function unblockCommand(ctx: BotContext, caller: Caller, text: string): Promise<UnblockPlan> {
  const [first, second, ...extra] = splitArgs(text);
  if (first?.toLowerCase() === 'help') return { kind: 'reply', reply: helpReply('/unblock') };
  if (first?.toLowerCase() === 'status') {
    if (extra.length > 0) return { kind: 'reply', reply: usageReply('/unblock', '`/unblock status` takes at most a pod.') };
    return { kind: 'reply', reply: await status(ctx, caller, second) };
  }
  if (second !== undefined) return { kind: 'reply', reply: usageReply('/unblock', `Unknown subcommand "${first ?? ''}".`) };
  const cfg = ctx.config();
  if (first !== undefined) {
    const pod = cfg.pods.find((p) => p.id === first.toLowerCase() || p.name.toLowerCase() === first.toLowerCase());
    if (pod === undefined) return { kind: 'reply', reply: usageReply('/unblock', `Unknown subcommand or pod "${first}".`) };
    requireRole(cfg, caller, pod.id, 'member', 'answer its standup');
    return { kind: 'modal', pod };
  }
  const pod = caller.pods.find((p) => roleAtLeast(p.members.find((m) => m.slack === caller.slackUserId)?.role, 'member'));
  if (pod === undefined) throw forbidden('You are not a member of any pod in clos.yml, so there is no standup to answer.');
  return { kind: 'modal', pod };
}

/** Opens the standup modal for today (in the org's time zone), prefilled when already answered. */
export async function openStandup(
  ctx: BotContext,
  caller: Caller,
  pod: PodConfig,
  open: (view: ReturnType<typeof standupModal>) => Promise<unknown>,
): Promise<void> {
  const day = localDay(ctx.now(), ctx.config().timezone);
  const previous = await ctx.stores.standups.get(pod.id, caller.personId, day);
  await open(standupModal(pod, day, previous));
}

async function status(ctx: BotContext, caller: Caller, podText: string | undefined): Promise<SlackReply> {
  const cfg = ctx.config();
  const pod = podText !== undefined ? requirePod(cfg, podText) : caller.pods[0];
  if (pod === undefined) throw invalidInput('You are not in any pod; name one: `/unblock status <pod>`.');
  requireRole(cfg, caller, pod.id, 'viewer', 'see its blockers');
  const day = localDay(ctx.now(), cfg.timezone);
  const [blockers, respondents] = await Promise.all([ctx.stores.standups.openBlockers(pod.id), ctx.stores.standups.respondents(pod.id, day)]);
  const answeredIds = new Set(respondents);
  const expected = pod.members.filter((m) => roleAtLeast(m.role, 'member'));
  const answered = expected.filter((m) => answeredIds.has(personId(m))).map((m) => personLabel(cfg, personId(m)));
  const missing = expected.filter((m) => !answeredIds.has(personId(m))).map((m) => personLabel(cfg, personId(m)));
  return blockersReply({ cfg, pod, day, blockers, answered, missing, escalateAfterDays: escalateAfterDays(pod), now: ctx.now() });
}
