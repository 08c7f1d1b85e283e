import type { ClosConfig, PodConfig } from '../config/config-schema.js';
import type { WipPolicy } from './wip-types.js';

/**
 * A pod's WIP policy as clos.yml declares it — the one mapping from the file's fields
 * (`wipLimit`, `perPersonWipLimit`, `expedite.quota`, `mode`) to the workflow's rules.
 */
export function podWipPolicy(pod: PodConfig): WipPolicy {
  return {
    limit: pod.wipLimit,
    expediteQuota: pod.expedite.quota,
    mode: pod.mode,
    ...(pod.perPersonWipLimit !== undefined ? { perPersonLimit: pod.perPersonWipLimit } : {}),
  };
}

/**
 * The policy with one pod's WIP rules changed: the reverse of {@link podWipPolicy}, so a
 * change made through the API is a new version of the same clos.yml model. Fields left out
 * of `patch` stay as they are. The pod must exist (the caller looked it up).
 */
export function withPodWipPolicy(config: ClosConfig, podId: string, patch: Partial<WipPolicy>): ClosConfig {
  return {
    ...config,
    pods: config.pods.map((pod) => {
      if (pod.id !== podId) return pod;
      const next: PodConfig = { ...pod, expedite: { ...pod.expedite } };
      if (patch.limit !== undefined) next.wipLimit = patch.limit;
      if (patch.perPersonLimit !== undefined) next.perPersonWipLimit = patch.perPersonLimit;
      if (patch.expediteQuota !== undefined) next.expedite.quota = patch.expediteQuota;
      if (patch.mode !== undefined) next.mode = patch.mode;
      return next;
    }),
  };
}
