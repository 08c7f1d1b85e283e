import { invalidInput, notFound, workItemLabel, type ClosConfig } from '@clos/domain';
import type { BotContext } from '../bot-context.js';
import { personLabel, type Caller } from '../caller.js';
import { formatAge } from '../format.js';
import { requirePod } from '../lookup.js';
import { asSlackCall } from '../slack-services.js';
import type { SlackReply } from '../reply.js';
import type { WipButtonValue } from '../views/wip-view.js';
import { wipSnapshot } from '../commands/wip-command.js';

/** Reads a WIP button's value; a tampered or stale one is `InvalidInput`. */
export function parseWipButton(value: string | undefined): WipButtonValue {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<WipButtonValue>;
    if (typeof parsed.podId === 'string' && typeof parsed.itemId === 'string') return { podId: parsed.podId, itemId: parsed.itemId };
  } catch {
    // Fall through to the refusal below.
  }
  throw invalidInput('This button is out of date; run /wip again.');
}

async function holder(ctx: BotContext, caller: Caller, cfg: ClosConfig, target: WipButtonValue) {
  const pod = requirePod(cfg, target.podId);
  const snapshot = await wipSnapshot(ctx, caller, pod);
  const held = snapshot.holders.find((h) => h.id === target.itemId);
  if (held === undefined) throw notFound(`${workItemLabel(target.itemId)} no longer holds a slot in ${pod.name}; run /wip ${pod.id} again.`);
  return { pod, held };
}

/**
 * The "Release" button on a stale holder: the person whose item it is, or a lead of the pod,
 * frees the slot (the queue moves up) through the same service and access rules as every
 * other caller; told to the pod's channel.
 */
export async function releaseAction(ctx: BotContext, caller: Caller, value: string | undefined, requestKey: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const target = parseWipButton(value);
  const { pod, held } = await holder(ctx, caller, cfg, target);
  const own = held.personId !== undefined && held.personId === caller.personId;
  const services = ctx.services(caller, { correlationId: `slack:${requestKey}` });
  const input = { podId: pod.id, itemId: held.id };
  const result = await asSlackCall(cfg, `release ${workItemLabel(held.id)}, which is not yours`, () =>
    own ? services.releaseOwnWorkItem(input) : services.releaseWorkItem(input),
  );
  if (result.status !== 'released') return { text: `${workItemLabel(held.id)} was not holding a slot any more (${result.status}); nothing changed.` };
  const promoted = result.promoted.map((id) => workItemLabel(id));
  const next = promoted.length > 0 ? ` ${promoted.join(', ')} can go ahead.` : '';
  await ctx.notifier.notify({
    podId: pod.id,
    kind: 'wip.slot_freed',
    text: `${personLabel(cfg, caller.personId)} released the stale slot of ${workItemLabel(held.id)} (held ${formatAge(held.since, ctx.now())}).${next}`,
    threadKey: `wip:${pod.id}`,
    key: `slack-release:${requestKey}`,
  });
  return { text: `Released ${workItemLabel(held.id)} from ${pod.name}.${next}` };
}

/**
 * The "Swarm" button: a member of the pod joins the work on an item, so the slot it holds
 * finishes sooner. Recorded by the service (`wip.swarm`) and announced in the pod's channel,
 * threaded with the pod's WIP messages.
 */
export async function swarmAction(ctx: BotContext, caller: Caller, value: string | undefined, requestKey: string): Promise<SlackReply> {
  const cfg = ctx.config();
  const target = parseWipButton(value);
  const { pod, held } = await holder(ctx, caller, cfg, target);
  await asSlackCall(cfg, `swarm on ${workItemLabel(held.id)}`, () =>
    ctx.services(caller, { correlationId: `slack:${requestKey}` }).swarmWorkItem({ podId: pod.id, itemId: held.id }),
  );
  const label = held.url !== undefined ? `<${held.url}|${workItemLabel(held.id)}>` : workItemLabel(held.id);
  await ctx.notifier.notify({
    podId: pod.id,
    kind: 'wip.swarm',
    text: `:busts_in_silhouette: ${personLabel(cfg, caller.personId)} is swarming on ${label} with ${personLabel(cfg, held.personId)} (held ${formatAge(held.since, ctx.now())}).`,
    threadKey: `wip:${pod.id}`,
    key: `slack-swarm:${requestKey}`,
  });
  return { text: `You are swarming on ${workItemLabel(held.id)}; the pod has been told.` };
}
