import { githubWorkItemId, workItemLabel } from '@clos/domain';
import type { RecordedEventType, WipMode } from '@clos/domain';
import type { WorkItemRecord } from '../activities/types.js';
import type { TrackedWorkItem } from '../shared/pod-wip-messages.js';
import type { Outbox } from './effects.js';
import type { WipChange } from './pod-wip-model.js';

/** What the effects need to know about the pod. */
export interface PodContext {
  podId: string;
  mode: WipMode;
  limit: number;
  channel?: string;
  now: string;
  /** `held`, `queued`, `draft` — where a tracked item stands now. */
  stateOf: (itemId: string) => string;
}

function label(item: TrackedWorkItem): string {
  const title = item.title !== undefined ? ` “${item.title}”` : '';
  return `${workItemLabel(item.id)}${title}`;
}

/** The record rows of a work item: one per PR and one per Linear issue it covers. */
export function workItemRows(podId: string, item: TrackedWorkItem, state: string): WorkItemRecord[] {
  const common = {
    podId,
    state,
    ...(item.personId !== undefined ? { personId: item.personId } : {}),
    ...(item.title !== undefined ? { title: item.title } : {}),
  };
  const linearIds = item.linearKeys.map((key) => `lin:${key}`);
  const rows: WorkItemRecord[] = item.pullRequests.map((pr) => {
    const id = githubWorkItemId(pr.repo, pr.number);
    return {
      ...common,
      id,
      kind: 'pull_request',
      repo: pr.repo,
      number: pr.number,
      headSha: pr.headSha,
      linkedLinearIds: linearIds,
      ...(pr.labels !== undefined ? { labels: pr.labels } : {}),
      ...(pr.openedAt !== undefined ? { openedAt: pr.openedAt } : {}),
      ...(pr.closedAt !== undefined ? { closedAt: pr.closedAt } : {}),
      ...(pr.mergedAt !== undefined ? { mergedAt: pr.mergedAt } : {}),
      ...(item.url !== undefined && item.id === id ? { url: item.url } : {}),
    };
  });
  for (const key of item.linearKeys) {
    rows.push({
      ...common,
      id: `lin:${key}`,
      kind: 'linear_issue',
      linearIdentifier: key,
      ...(item.url !== undefined && item.id === `lin:${key}` ? { url: item.url } : {}),
    });
  }
  return rows;
}

function recordItem(outbox: Outbox, pod: PodContext, item: TrackedWorkItem, state: string): void {
  for (const row of workItemRows(pod.podId, item, state)) outbox.record({ kind: 'workItem', item: row });
}

function recordEvent(outbox: Outbox, pod: PodContext, type: RecordedEventType, item: TrackedWorkItem | undefined, payload: Record<string, unknown>): void {
  outbox.record({
    kind: 'event',
    event: {
      key: outbox.nextKey(),
      type,
      occurredAt: pod.now,
      subject: {
        podId: pod.podId,
        ...(item !== undefined ? { workItemId: item.id } : {}),
        ...(item?.personId !== undefined ? { personId: item.personId } : {}),
      },
      payload,
    },
  });
}

/** Turns what changed into records, audit entries, notifications and Linear comments. */
export function queueWipEffects(outbox: Outbox, pod: PodContext, changes: WipChange[]): void {
  for (const change of changes) {
    switch (change.kind) {
      case 'granted': {
        const { item, lane } = change;
        recordItem(outbox, pod, item, 'held');
        recordEvent(outbox, pod, change.promoted ? 'wip.promoted' : 'wip.granted', item, { lane });
        if (lane === 'expedite') {
          outbox.record({
            kind: 'audit',
            audit: {
              key: outbox.nextKey(),
              actor: item.personId ?? 'clos',
              action: 'wip.expedite_used',
              target: item.id,
              details: { podId: pod.podId, title: item.title ?? null },
              at: pod.now,
            },
          });
          if (pod.mode !== 'observe') {
            outbox.notify({
              podId: pod.podId,
              kind: 'wip.expedite_used',
              text: `Expedite lane used in pod ${pod.podId}: ${label(item)} took an expedite slot.`,
              threadKey: `wip:${pod.podId}`,
              ...(pod.channel !== undefined ? { channel: pod.channel } : {}),
            });
          }
        }
        break;
      }
      case 'queued': {
        const { item, position, holders } = change;
        recordItem(outbox, pod, item, 'queued');
        recordEvent(outbox, pod, 'wip.queued', item, { position, reason: change.reason, holders: holders.map((h) => h.id) });
        const finish = holders.map((h) => workItemLabel(h.id)).join(', ');
        // Observe mode records what would happen and tells nobody (ADR 0005).
        if (pod.mode !== 'observe') {
          outbox.notify({
            podId: pod.podId,
            kind: 'wip.exceeded',
            text:
              `Pod ${pod.podId} is over its WIP limit (${pod.limit}): ${label(item)} waits at #${position} ` +
              `(${change.reason.replace('_', ' ')}). Finish ${finish || 'current work'} first.`,
            threadKey: `wip:${pod.podId}`,
            ...(pod.channel !== undefined ? { channel: pod.channel } : {}),
          });
          for (const key of item.linearKeys) {
            outbox.commentOnLinear(
              key,
              `This issue was started while pod **${pod.podId}** is at its WIP limit (${pod.limit}). ` +
                `It is queued at position ${position}; finish ${finish || 'current work'} first, ` +
                `or ask a lead to use the expedite lane.`,
            );
          }
        }
        break;
      }
      case 'released': {
        const { item, promoted } = change;
        recordItem(outbox, pod, item, 'released');
        recordEvent(outbox, pod, 'wip.released', item, { reason: change.reason, promoted });
        if (promoted.length > 0 && pod.mode !== 'observe') {
          outbox.notify({
            podId: pod.podId,
            kind: 'wip.slot_freed',
            text: `A WIP slot freed up in pod ${pod.podId}: ${label(item)} is ${change.reason}; ${promoted
              .map((id) => workItemLabel(id))
              .join(', ')} can go ahead.`,
            threadKey: `wip:${pod.podId}`,
            ...(pod.channel !== undefined ? { channel: pod.channel } : {}),
          });
        }
        break;
      }
      case 'draft':
        recordItem(outbox, pod, change.item, 'draft');
        recordEvent(outbox, pod, 'wip.draft', change.item, {});
        break;
      case 'updated':
        // The slot did not change; the item's details (PRs, head, keys) did.
        recordItem(outbox, pod, change.item, pod.stateOf(change.item.id));
        break;
      case 'policy':
        outbox.record({
          kind: 'audit',
          audit: {
            key: outbox.nextKey(),
            actor: change.actor,
            action: 'wip.policy_changed',
            target: `pod:${pod.podId}`,
            details: { before: change.before, after: change.after, reason: change.reason, promoted: change.promoted },
            at: pod.now,
          },
        });
        recordEvent(outbox, pod, 'wip.policy_changed', undefined, {
          before: change.before,
          after: change.after,
          actor: change.actor,
          reason: change.reason,
        });
        break;
    }
  }
}
