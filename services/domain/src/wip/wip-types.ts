import { z } from 'zod';
import { WIP_MODES, type PodConfig, type WipMode } from '../config/config-schema.js';

/** Something that can take a WIP slot: a pull request or a Linear issue (or both, under one id). */
export interface WorkItemRef {
  /** `gh:owner/repo#12` or `lin:PAY-44`. */
  id: string;
  /** Whose work it is; per-person limits count by it. */
  personId?: string;
  title?: string;
  url?: string;
  /** Carries the pod's expedite label. */
  expedite?: boolean;
}

/** A lane of slots: the regular limit, or the small expedite quota. */
export type WipLane = 'regular' | 'expedite';

/** A work item holding a slot. */
export interface WipHolder extends WorkItemRef {
  /** When the slot was granted (ISO-8601). */
  since: string;
  lane: WipLane;
}

/** Why a work item waits. */
export type WipQueueReason = 'pod_limit' | 'person_limit' | 'expedite_quota';

/** A work item waiting for a slot. */
export interface WipQueueEntry extends WorkItemRef {
  /** When it started waiting (ISO-8601). */
  enqueuedAt: string;
  /** What it waits for, as of the last change of the pod. */
  reason: WipQueueReason;
}

/** A pod's WIP rules. */
export interface WipPolicy {
  /** Regular slots. 0 freezes the pod. */
  limit: number;
  /** Regular slots one person may hold; unset means no per-person limit. */
  perPersonLimit?: number;
  /** Expedite slots, besides the regular ones. */
  expediteQuota: number;
  mode: WipMode;
}

/** Everything the admission rules decide on; plain JSON, so a workflow can carry it. */
export interface WipState {
  policy: WipPolicy;
  /** In the order slots were granted. */
  holders: WipHolder[];
  /** First come, first served. */
  queue: WipQueueEntry[];
}

/** The answer to a request for a slot. */
export type AcquireOutcome =
  | { status: 'granted'; lane: WipLane }
  | { status: 'queued'; /** 1-based. */ position: number; reason: WipQueueReason; holders: WipHolder[] };

/** Validates a {@link WipPolicy}. */
export const wipPolicySchema = z.strictObject({
  limit: z.number().int().min(0),
  perPersonLimit: z.number().int().min(1).optional(),
  expediteQuota: z.number().int().min(0),
  mode: z.enum(WIP_MODES),
});

/** The WIP policy a pod's clos.yml entry sets. */
export function wipPolicyForPod(pod: Pick<PodConfig, 'wipLimit' | 'perPersonWipLimit' | 'expedite' | 'mode'>): WipPolicy {
  return {
    limit: pod.wipLimit,
    ...(pod.perPersonWipLimit !== undefined ? { perPersonLimit: pod.perPersonWipLimit } : {}),
    expediteQuota: pod.expedite.quota,
    mode: pod.mode,
  };
}
