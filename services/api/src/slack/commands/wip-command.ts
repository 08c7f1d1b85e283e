import { invalidInput, wipPolicyForPod, type PodConfig } from '@clos/domain';
import { splitArgs } from '@clos/slack';
import { getWipState } from '@clos/workflows';
import type { BotContext } from '../bot-context.js';
import { withLiveDeadline } from '../live-state.js';
import type { Caller } from '../caller.js';
import { parseWhole } from '../format.js';
import { findPod, requirePod } from '../lookup.js';
import { asSlackCall } from '../slack-services.js';
import type { SlackReply } from '../reply.js';
import { wipBlocks, wipReply, wipSummary, type WipSnapshot } from '../views/wip-view.js';
import { helpReply, usageReply } from './usage.js';

/** Highest limit `/wip set` accepts; anything above is a typo, not a policy. */
const MAX_LIMIT = 100;

/** `/wip …`. */
export async function wipCommand(ctx: BotContext, caller: Caller, text: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const args = splitArgs(text);
  const [first, ...rest] = args;
  if (first === undefined) return callerPods(ctx, caller);
  const word = first.toLowerCase();
  if (word === 'help') return helpReply('/wip');
  if (word === 'set') return setLimit(ctx, caller, rest);
  const pod = findPod(cfg, first);
  if (pod === undefined || rest.length > 0) {
    const problem = pod === undefined ? `No pod named "${first}". Pods: ${cfg.pods.map((p) => p.id).join(', ') || 'none configured'}.` : `Unexpected "${rest.join(' ')}".`;
    return usageReply('/wip', problem);
  }
  return wipReply(cfg, pod, await wipSnapshot(ctx, pod), ctx.now(), ctx.staleAfterDays);
}

async function callerPods(ctx: BotContext, caller: Caller): Promise<SlackReply> {
  const cfg = ctx.config();
  if (caller.pods.length === 0) {
    return usageReply('/wip', `You are not a member of any pod in clos.yml, so there is no pod to show. Pods: ${cfg.pods.map((p) => p.id).join(', ') || 'none'}.`);
  }
  const snapshots = await Promise.all(caller.pods.map(async (pod) => ({ pod, snapshot: await wipSnapshot(ctx, pod) })));
  const now = ctx.now();
  return {
    text: snapshots.map(({ pod, snapshot }) => wipSummary(pod, snapshot)).join('\n'),
    blocks: snapshots.flatMap(({ pod, snapshot }) => wipBlocks(cfg, pod, snapshot, now, ctx.staleAfterDays)).slice(0, 50),
  };
}

/** The pod's live WIP state; clos.yml's policy when the workflow has not run or cannot be reached. */
export async function wipSnapshot(ctx: BotContext, pod: PodConfig): Promise<WipSnapshot> {
  const fallback = { policy: wipPolicyForPod(pod), holders: [], queue: [], live: false } satisfies WipSnapshot;
  try {
    const view = await withLiveDeadline(ctx, () => getWipState(ctx.temporal, pod.id));
    if (view === undefined) return fallback;
    return { policy: view.policy, holders: view.holders, queue: view.queue, live: true };
  } catch (error) {
    ctx.logger?.warn({ err: error, podId: pod.id }, 'slack: live WIP state unavailable');
    return { ...fallback, note: 'The live WIP state is unavailable right now; showing the limit from clos.yml.' };
  }
}

async function setLimit(ctx: BotContext, caller: Caller, args: string[]): Promise<SlackReply> {
  const cfg = ctx.config();
  const [podText, limitText, ...extra] = args;
  if (podText === undefined || limitText === undefined || extra.length > 0) {
    return usageReply('/wip', '`/wip set` takes a pod and a limit, e.g. `/wip set payments 4`.');
  }
  const pod = requirePod(cfg, podText);
  const limit = parseWhole(limitText, 0, MAX_LIMIT);
  if (limit === undefined) throw invalidInput(`The limit must be a whole number from 0 to ${MAX_LIMIT}, not "${limitText}".`);

  const before = await wipSnapshot(ctx, pod);
  // The service REST calls: a new version of the live policy (every process follows it,
  // audited with the diff), then the pod's workflow; judged by the same access rule.
  const result = await asSlackCall(cfg, 'change its WIP limit', () =>
    ctx.services(caller).setPodPolicy({ podId: pod.id, limit, reason: `set from Slack by ${caller.name}` }),
  );
  const promoted = result.promoted.length > 0 ? ` Promoted from the queue: ${result.promoted.join(', ')}.` : '';
  return {
    text: `WIP limit of ${pod.name} (${pod.id}) is now ${result.policy.limit} (was ${before.policy.limit}).${promoted}`,
    inChannel: true,
  };
}
