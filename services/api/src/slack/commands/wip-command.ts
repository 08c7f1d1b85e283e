import { policyUpdateId, publishPolicy } from '@clos/app';
import { ConfigError, invalidInput, parseClosConfig, podById, wipPolicyForPod, withPodWipPolicy, type PodConfig } from '@clos/domain';
import { splitArgs } from '@clos/slack';
import { getWipState, setPodPolicy } from '@clos/workflows';
import type { BotContext } from '../bot-context.js';
import { withLiveDeadline } from '../live-state.js';
import { requireRole, type Caller } from '../caller.js';
import { parseWhole } from '../format.js';
import { findPod, podStart, requirePod } from '../lookup.js';
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
  requireRole(cfg, caller, pod.id, 'lead', 'change its WIP limit');

  const before = await wipSnapshot(ctx, pod);
  const reason = `set from Slack by ${caller.name}`;
  // A new version of the live policy first (every process follows it, audited with the diff),
  // then the pod's workflow, under the update id the policy followers use for that version.
  const published = await publishPolicy(ctx.db, { config: revalidated(withPodWipPolicy(cfg, pod.id, { limit })), source: 'api', actor: caller.personId, reason });
  const result = await setPodPolicy(
    ctx.temporal,
    pod.id,
    { policy: { limit }, actor: caller.personId, reason },
    podStart(podById(cfg, pod.id) ?? pod, ctx.taskQueue),
    { updateId: policyUpdateId(published.version, pod.id) },
  );
  await ctx.audit({
    actor: caller.personId,
    action: 'wip.limit_set',
    target: `pod:${pod.id}`,
    details: { slackUserId: caller.slackUserId, from: before.policy.limit, to: result.policy.limit, promoted: result.promoted },
  });
  const promoted = result.promoted.length > 0 ? ` Promoted from the queue: ${result.promoted.join(', ')}.` : '';
  return {
    text: `WIP limit of ${pod.name} (${pod.id}) is now ${result.policy.limit} (was ${before.policy.limit}).${promoted}`,
    inChannel: true,
  };
}

/** The changed policy, checked against clos.yml's rules (a limit below the per-person limit, say). */
function revalidated(config: ReturnType<typeof withPodWipPolicy>): ReturnType<typeof withPodWipPolicy> {
  try {
    return parseClosConfig(JSON.stringify(config), 'clos.yml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw invalidInput(`That limit would break clos.yml: ${error.issues.map((i) => i.message).join('; ')}`);
  }
}
