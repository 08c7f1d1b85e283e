import { forbidden, invalidInput, personId, roleAtLeast, type PodConfig } from '@clos/domain';
import { localDay, splitArgs } from '@clos/slack';
import type { BotContext } from '../bot-context.js';
import { personLabel, type Caller } from '../caller.js';
import { requirePod } from '../lookup.js';
import type { SlackReply } from '../reply.js';
import { asSlackCall } from '../slack-services.js';
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

/** Most open blockers and standups of a day `/unblock status` reads. */
const STATUS_PAGE = 200;

/**
 * `/unblock …`: a reply, or the standup modal to open. Who may answer a pod's standup is the
 * standup service's rule, asked before the modal opens (a refusal is recorded as the
 * submission's would be).
 */
export async function unblockCommand(ctx: BotContext, caller: Caller, text: string): Promise<UnblockPlan> {
  const [first, second, ...extra] = splitArgs(text);
  if (first?.toLowerCase() === 'help') return { kind: 'reply', reply: helpReply('/unblock') };
  if (first?.toLowerCase() === 'status') {
    if (extra.length > 0) return { kind: 'reply', reply: usageReply('/unblock', '`/unblock status` takes at most a pod.') };
    return { kind: 'reply', reply: await status(ctx, caller, second) };
  }
  if (second !== undefined) return { kind: 'reply', reply: usageReply('/unblock', `Unknown subcommand "${first ?? ''}".`) };
  const cfg = ctx.config();
  const access = ctx.access(caller);
  if (first !== undefined) {
    const pod = cfg.pods.find((p) => p.id === first.toLowerCase() || p.name.toLowerCase() === first.toLowerCase());
    if (pod === undefined) return { kind: 'reply', reply: usageReply('/unblock', `Unknown subcommand or pod "${first}".`) };
    await asSlackCall(cfg, 'answer its standup', () => access.check('saveStandup', { podId: pod.id }));
    return { kind: 'modal', pod };
  }
  for (const pod of caller.pods) if (await access.permits('saveStandup', { podId: pod.id })) return { kind: 'modal', pod };
  throw forbidden('You are not a member of any pod in clos.yml, so there is no standup to answer.');
}

/** Opens the standup modal for today (in the org's time zone), prefilled when already answered. */
export async function openStandup(
  ctx: BotContext,
  caller: Caller,
  pod: PodConfig,
  open: (view: ReturnType<typeof standupModal>) => Promise<unknown>,
): Promise<void> {
  const day = localDay(ctx.now(), ctx.config().timezone);
  const page = await ctx.services(caller).listStandups({ pod: pod.id, person: caller.personId, from: day, to: day, limit: 1 });
  await open(standupModal(pod, day, page.items[0]));
}

/** Open blockers of a pod and who has answered today, read through the services REST reads with (viewer of the pod). */
async function status(ctx: BotContext, caller: Caller, podText: string | undefined): Promise<SlackReply> {
  const cfg = ctx.config();
  const pod = podText !== undefined ? requirePod(cfg, podText) : caller.pods[0];
  if (pod === undefined) throw invalidInput('You are not in any pod; name one: `/unblock status <pod>`.');
  const day = localDay(ctx.now(), cfg.timezone);
  const services = ctx.services(caller);
  const blockers = await asSlackCall(cfg, 'see its blockers', () => services.listBlockers({ pod: pod.id, open: true, limit: STATUS_PAGE }));
  const standups = await services.listStandups({ pod: pod.id, from: day, to: day, limit: STATUS_PAGE });
  const answeredIds = new Set(standups.items.map((s) => s.personId));
  const expected = pod.members.filter((m) => roleAtLeast(m.role, 'member'));
  const answered = expected.filter((m) => answeredIds.has(personId(m))).map((m) => personLabel(cfg, personId(m)));
  const missing = expected.filter((m) => !answeredIds.has(personId(m))).map((m) => personLabel(cfg, personId(m)));
  const oldestFirst = [...blockers.items].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || Number(a.id) - Number(b.id));
  return blockersReply({ cfg, pod, day, blockers: oldestFirst, answered, missing, escalateAfterDays: escalateAfterDays(pod), now: ctx.now() });
}
