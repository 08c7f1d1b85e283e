import { podWipStart, policyPublisher, policyUpdateId } from '@clos/app';
import { ConfigError, forbidden, invalidInput, notFound, workItemLabel, parseClosConfig, podById, withPodWipPolicy, type WipHolder, type WipPolicy, type WipQueueEntry } from '@clos/domain';
import { getWipState, releaseWorkItem, setPodPolicy, type PodWipView, type ReleaseResult } from '@clos/workflows/client';
import type { z } from 'zod';
import type { CallContext } from '@clos/app';
import type { setPolicyBodySchema, setPolicyResultSchema, wipStateSchema } from '../schemas/pod-schemas.js';
import { actingPerson } from './acting-person.js';
import type { ServiceDependencies } from './service-context.js';
import { withTimeout } from '@clos/app';

type WipStateDto = z.output<typeof wipStateSchema>;

function policyDto(policy: WipPolicy): WipStateDto['policy'] {
  return {
    limit: policy.limit,
    perPersonLimit: policy.perPersonLimit ?? null,
    expediteQuota: policy.expediteQuota,
    mode: policy.mode,
  };
}

function holderDto(h: WipHolder): WipStateDto['holders'][number] {
  return { id: h.id, personId: h.personId ?? null, title: h.title ?? null, url: h.url ?? null, lane: h.lane, since: h.since };
}

function wipDto(
  podId: string,
  running: boolean,
  policy: WipPolicy,
  holders: readonly WipHolder[],
  queue: readonly WipQueueEntry[],
  verdicts: PodWipView['verdicts'] = [],
): WipStateDto {
  const statusOf = (itemId: string) => {
    const verdict = verdicts.find((v) => v.itemId === itemId);
    return verdict === undefined ? null : { state: verdict.state, description: verdict.description };
  };
  const regular = holders.filter((h) => h.lane === 'regular').length;
  return {
    podId,
    running,
    policy: policyDto(policy),
    usage: {
      regular,
      expedite: holders.length - regular,
      queued: queue.length,
      utilisation: policy.limit > 0 ? regular / policy.limit : 0,
    },
    holders: holders.map(holderDto),
    queue: queue.map((q, index) => ({
      id: q.id,
      personId: q.personId ?? null,
      title: q.title ?? null,
      url: q.url ?? null,
      position: index + 1,
      reason: q.reason,
      enqueuedAt: q.enqueuedAt,
      status: statusOf(q.id),
    })),
  };
}

/** What a manual release did: `released` (with the items promoted), or why nothing changed. */
export interface WorkItemRelease {
  podId: string;
  itemId: string;
  status: ReleaseResult['status'];
  promoted: string[];
  by: string;
}

/** A pod's live WIP state and the lead's changes to its policy, through the pod's workflow. */
export function wipService(deps: ServiceDependencies) {
  const startOf = (podId: string) => {
    const start = podWipStart(deps.config.current(), podId);
    if (start === undefined) throw notFound(`No pod "${podId}" in clos.yml`, { podId });
    return { ...start, ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}) };
  };

  const holderOf = async (input: { podId: string; itemId: string }): Promise<WipHolder> => {
    const view = await withTimeout(getWipState(deps.temporal, input.podId), deps.workflowTimeoutMs, `pod ${input.podId}'s WIP workflow`);
    const held = view?.holders.find((h) => h.id === input.itemId);
    if (held === undefined) throw notFound(`${workItemLabel(input.itemId)} holds no slot in pod ${input.podId}`, { podId: input.podId, itemId: input.itemId });
    return held;
  };
  const release = async (ctx: CallContext, input: { podId: string; itemId: string }): Promise<WorkItemRelease> => {
    const result: ReleaseResult = await withTimeout(
      releaseWorkItem(deps.temporal, input.podId, { id: input.itemId, reason: 'manual', occurredAt: deps.now().toISOString() }, startOf(input.podId)),
      deps.workflowTimeoutMs,
      `pod ${input.podId}'s WIP workflow`,
    );
    return { podId: input.podId, itemId: result.itemId, status: result.status, promoted: result.status === 'released' ? result.promoted : [], by: ctx.actor };
  };

  return {
    /** Holders, queue and policy; clos.yml's policy and nobody holding when the workflow has not started. */
    async getWip(_ctx: CallContext, input: { podId: string }): Promise<WipStateDto> {
      const start = startOf(input.podId);
      const view = await withTimeout(getWipState(deps.temporal, input.podId), deps.workflowTimeoutMs, `pod ${input.podId}'s WIP workflow`);
      if (view === undefined) return wipDto(input.podId, false, start.policy, [], []);
      return wipDto(input.podId, true, view.policy, view.holders, view.queue, view.verdicts);
    },

    /** Frees the slot a work item holds (a lead's call on a stale one); the queue moves up. */
    async releaseWorkItem(ctx: CallContext, input: { podId: string; itemId: string }): Promise<WorkItemRelease> {
      startOf(input.podId);
      await holderOf(input);
      return release(ctx, input);
    },

    /**
     * Frees the slot of the caller's own work item (the person a Slack caller is, or an API
     * token was issued for): any role in the pod will do for one's own.
     */
    async releaseOwnWorkItem(ctx: CallContext, input: { podId: string; itemId: string }): Promise<WorkItemRelease> {
      startOf(input.podId);
      const held = await holderOf(input);
      if (held.personId === undefined || held.personId !== (await actingPerson(deps, ctx))) {
        throw forbidden(`${workItemLabel(held.id)} is not yours to release`, { podId: input.podId, itemId: held.id, owner: held.personId ?? null });
      }
      return release(ctx, input);
    },

    /** Joins the work on a held item so its slot frees sooner: recorded, nothing else changes. */
    async swarmWorkItem(_ctx: CallContext, input: { podId: string; itemId: string }): Promise<{ podId: string; holder: WipStateDto['holders'][number] }> {
      startOf(input.podId);
      return { podId: input.podId, holder: holderDto(await holderOf(input)) };
    },

    /**
     * Changes limit, per-person limit, expedite quota or mode: a new version of the live
     * policy (every process follows it; audited with the diff), then the pod's workflow.
     * Lowering never evicts, raising promotes.
     */
    async setPodPolicy(
      ctx: CallContext,
      input: { podId: string } & z.output<typeof setPolicyBodySchema>,
    ): Promise<z.output<typeof setPolicyResultSchema>> {
      const { podId, reason, ...patch } = input;
      const policy: Partial<WipPolicy> = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const config = deps.config.current();
      if (podById(config, podId) === undefined) throw notFound(`No pod "${podId}" in clos.yml`, { podId });
      const next = revalidated(withPodWipPolicy(config, podId, policy), podId);
      const published = await policyPublisher(deps.pool, deps.config).publish({
        config: next,
        source: 'api',
        actor: ctx.actor,
        reason,
        correlationId: ctx.correlationId,
        ...(ctx.sourceIp !== undefined ? { sourceIp: ctx.sourceIp } : {}),
      });
      // The same update id as the policy followers' for this version: Temporal applies it once.
      const result = await withTimeout(
        setPodPolicy(deps.temporal, podId, { policy, actor: ctx.actor, reason }, startOf(podId), {
          updateId: policyUpdateId(published.version, podId),
        }),
        deps.workflowTimeoutMs,
        `pod ${podId}'s WIP workflow`,
      );
      return { podId, policy: policyDto(result.policy), promoted: result.promoted, policyVersion: published.version };
    },
  };
}

/** Checks the changed policy against clos.yml's rules, naming what the change broke. */
function revalidated(config: Parameters<typeof withPodWipPolicy>[0], podId: string): Parameters<typeof withPodWipPolicy>[0] {
  try {
    return parseClosConfig(JSON.stringify(config), `pod ${podId}'s policy`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw invalidInput(`The change would break clos.yml: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      issues: error.issues.map((i) => ({ path: `body${i.path.replace(/^pods\[\d+\]/, '')}`, message: i.message })),
    });
  }
}
