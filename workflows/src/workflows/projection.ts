import { log, patched, proxyActivities } from '@temporalio/workflow';
import type { ClosActivities, PodWipProjection, ProjectStageProjection, ProjectionView } from '../activities/types.js';
import type { PodWipView } from '../shared/pod-wip-messages.js';
import type { StageStateView } from '../shared/project-stage-messages.js';
import type { ProjectionMemory } from '../shared/workflow-inputs.js';

/**
 * A view is a convenience for readers, never a reason to hold enforcement up: a few quick
 * attempts, then the next change (or the reconciler's refresh) writes it again.
 */
const { writeProjection } = proxyActivities<ClosActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 5 },
});

/** Histories recorded before live projections existed replay without them. */
const PATCH_ID = 'live-projections';

/** FNV-1a, 32 bits: a cheap fingerprint that keeps the carried state small. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16)}:${text.length}`;
}

/** The pod's WIP board, without the time it changed. */
export function podWipProjection(view: PodWipView): Omit<PodWipProjection, 'updatedAt'> {
  return {
    podId: view.podId,
    limit: view.policy.limit,
    mode: view.policy.mode,
    expediteQuota: view.policy.expediteQuota,
    ...(view.policy.perPersonLimit !== undefined ? { perPersonLimit: view.policy.perPersonLimit } : {}),
    holders: view.holders,
    queue: view.queue,
  };
}

/** The project's gate, without the time it changed (and without `overdue`, which moves with the clock alone). */
export function projectStageProjection(view: StageStateView): Omit<ProjectStageProjection, 'updatedAt'> {
  return {
    projectId: view.projectId,
    podId: view.podId,
    stage: view.stage,
    since: view.enteredAt,
    ...(view.deadline !== undefined ? { deadline: view.deadline } : {}),
    paused: view.paused,
    met: view.gate.results.filter((r) => r.met).map((r) => r.criterionId),
    missing: view.gate.results.filter((r) => !r.met).map((r) => ({ criterionId: r.criterionId, detail: r.detail })),
    verdict: view.verdict,
  };
}

type Unstamped =
  | { kind: 'podWip'; podId: string; doc: Omit<PodWipProjection, 'updatedAt'> }
  | { kind: 'projectStage'; projectId: string; doc: Omit<ProjectStageProjection, 'updatedAt'> };

/**
 * Stores the view when it differs from the last one stored. The version is the larger of
 * "one more than the last" and the workflow time in microseconds: it grows within a chain
 * of runs (carried over continue-as-new) and across a pod workflow started anew later, so
 * the store can always keep the newest write.
 */
export async function projectView(memory: ProjectionMemory, view: Unstamped): Promise<void> {
  if (!patched(PATCH_ID)) return;
  const hash = fingerprint(JSON.stringify(view.doc));
  if (memory.projectionHash === hash) return;
  const version = Math.max((memory.projectionVersion ?? 0) + 1, Date.now() * 1000);
  memory.projectionVersion = version;
  const updatedAt = new Date().toISOString();
  const stamped = { ...view, doc: { ...view.doc, updatedAt } } as ProjectionView;
  try {
    await writeProjection({ view: stamped, version });
    memory.projectionHash = hash;
  } catch (error) {
    log.warn('writing a live view failed; the next change writes it again', { error: String(error), kind: view.kind });
  }
}
