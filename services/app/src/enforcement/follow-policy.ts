import { podById, type ClosConfig } from '@clos/domain';
import type { Logger } from '@clos/platform';
import { setPodPolicy } from '@clos/workflows/client';
import type { Client } from '@temporalio/client';
import type { ConfigHolder } from '@clos/platform';
import { policyOf, podWipStart } from './workflow-starts.js';

/** Options of {@link followPolicyIntoWorkflows}. */
export interface FollowPolicyOptions {
  policy: ConfigHolder;
  temporal: Client;
  taskQueue?: string;
  logger?: Logger;
}

/** A running follower. */
export interface PolicyFollower {
  /** Sends the changes from version `previous` to the version in force (after a restart, say). */
  apply(previous: ClosConfig, config: ClosConfig, version: number): Promise<void>;
  stop(): void;
}

/**
 * Running pod workflows get the limits of each new policy version: every pod whose WIP
 * policy differs from the version before gets a setPolicy (lowering never evicts a holder,
 * raising promotes from the queue). The update id is the version and the pod, so every
 * replica following the same version sends it and Temporal applies it once; the api's
 * own call for a policy it changed dedupes against it too.
 */
export function followPolicyIntoWorkflows(options: FollowPolicyOptions): PolicyFollower {
  const apply = async (previous: ClosConfig, config: ClosConfig, version: number): Promise<void> => {
    const changed = config.pods.filter((pod) => {
      const before = podById(previous, pod.id);
      return before !== undefined && JSON.stringify(policyOf(before)) !== JSON.stringify(policyOf(pod));
    });
    await Promise.all(
      changed.map(async (pod) => {
        const start = podWipStart(config, pod.id)!;
        try {
          await setPodPolicy(
            options.temporal,
            pod.id,
            { policy: policyOf(pod), actor: 'clos.yml', reason: `policy version ${version}` },
            { ...start, ...(options.taskQueue !== undefined ? { taskQueue: options.taskQueue } : {}) },
            { updateId: policyUpdateId(version, pod.id) },
          );
          options.logger?.info({ podId: pod.id, version }, 'policy: pod workflow has the new limits');
        } catch (error) {
          options.logger?.warn({ err: error, podId: pod.id, version }, 'policy: could not give the pod workflow its new limits');
        }
      }),
    );
  };
  const stop = options.policy.onChange((config, previous, version) => void apply(previous, config, version));
  return { apply, stop };
}

/** The update id of a policy version's setPolicy for one pod. */
export function policyUpdateId(version: number, podId: string): string {
  return `policy-v${version}:${podId}`;
}
