import { invalidInput, isClosError, wipPolicyForPod, type PodConfig, type WipHolder, type WipQueueEntry } from '@clos/domain';
import { splitArgs } from '@clos/slack';
import type { BotContext } from '../bot-context.js';
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
  return wipReply(cfg, pod, await wipSnapshot(ctx, caller, pod), ctx.now(), ctx.staleAfterDays);
}

async function callerPods(ctx: BotContext, caller: Caller): Promise<SlackReply> {
  const cfg = ctx.config();
  if (caller.pods.length === 0) {
    return usageReply('/wip', `You are not a member of any pod in clos.yml, so there is no pod to show. Pods: ${cfg.pods.map((p) => p.id).join(', ') || 'none'}.`);
  }
  const snapshots = await Promise.all(caller.pods.map(async (pod) => ({ pod, snapshot: await wipSnapshot(ctx, caller, pod) })));
  const now = ctx.now();
  return {
    text: snapshots.map(({ pod, snapshot }) => wipSummary(pod, snapshot)).join('\n'),
    blocks: snapshots.flatMap(({ pod, snapshot }) => wipBlocks(cfg, pod, snapshot, now, ctx.staleAfterDays)).slice(0, 50),
  };
}

/**
 * The pod's live WIP state, read through the WIP service REST reads with (viewer of the pod);
 * clos.yml's policy when the workflow has not run or cannot be reached. A refusal stands.
 */
export async function wipSnapshot(ctx: BotContext, caller: Caller, pod: PodConfig): Promise<WipSnapshot> {
  const fallback = { policy: wipPolicyForPod(pod), holders: [], queue: [], live: false } satisfies WipSnapshot;
  try {
    const wip = await asSlackCall(ctx.config(), 'see its WIP', () => ctx.services(caller).getWip({ podId: pod.id }));
    if (!wip.running) return fallback;
    const { perPersonLimit, ...policy } = wip.policy;
    return {
      policy: { ...policy, ...(perPersonLimit !== null ? { perPersonLimit } : {}) },
      holders: wip.holders.map((h): WipHolder => ({ ...ref(h), lane: h.lane, since: h.since })),
      queue: wip.queue.map((q): WipQueueEntry => ({ ...ref(q), reason: q.reason, enqueuedAt: q.enqueuedAt })),
      live: true,
    };
  } catch (error) {
    if (isClosError(error, 'Forbidden') || isClosError(error, 'NotFound')) throw error;
    ctx.logger?.warn({ err: error, podId: pod.id }, 'slack: live WIP state unavailable');
    return { ...fallback, note: 'The live WIP state is unavailable right now; showing the limit from clos.yml.' };
  }
}

/** A work item of the WIP listing as the views take it (absent rather than null). */
function ref(item: { id: string; personId: string | null; title: string | null; url: string | null }) {
  return {
    id: item.id,
    ...(item.personId !== null ? { personId: item.personId } : {}),
    ...(item.title !== null ? { title: item.title } : {}),
    ...(item.url !== null ? { url: item.url } : {}),
  };
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

  const before = await wipSnapshot(ctx, caller, pod);
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
