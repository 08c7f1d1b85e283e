import type { ClosConfig, PodConfig } from '../config/config-schema.js';
import type { WipPolicy } from './wip-types.js';

/**
 * The policy with one pod's WIP rules changed: the reverse of `wipPolicyForPod`, so a
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
