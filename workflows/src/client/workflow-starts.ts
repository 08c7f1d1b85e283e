import { podById, projectById, resolveTemplate, wipPolicyForPod, type ClosConfig, type PodConfig, type WipPolicy } from '@clos/domain';
import type { PodWipInput, ProjectStageInput } from '../shared/workflow-inputs.js';

/**
 * How the enforcement workflows start, from the policy in force: the one definition. The
 * application services (`@clos/app`, which REST, Slack, MCP and the processor call) export
 * these as theirs; the reconciler, an activity of this package that cannot depend on the
 * application services, calls them here.
 */

/** A pod's WIP policy as clos.yml declares it (the domain's one mapping). */
export function policyOf(pod: PodConfig): WipPolicy {
  return wipPolicyForPod(pod);
}

/** How a pod's WIP workflow starts when an event reaches a pod that has none running; `undefined` for a pod clos.yml no longer has. */
export function podWipStart(cfg: ClosConfig, podId: string): PodWipInput | undefined {
  const pod = podById(cfg, podId);
  if (pod === undefined) return undefined;
  return { podId, policy: policyOf(pod), ...(pod.slackChannel !== undefined ? { channel: pod.slackChannel } : {}) };
}

/** How a project's stage workflow starts; `undefined` for an unknown project or template. */
export function projectStageStart(cfg: ClosConfig, projectId: string): ProjectStageInput | undefined {
  const project = projectById(cfg, projectId);
  if (project === undefined) return undefined;
  const template = resolveTemplate(cfg, project.template);
  const pod = podById(cfg, project.pod);
  if (template === undefined || pod === undefined) return undefined;
  return {
    projectId,
    podId: pod.id,
    template,
    repos: pod.repos,
    ...(project.linearProject !== undefined ? { linearProject: project.linearProject } : {}),
    ...(project.stageTimeLimitDays !== undefined ? { stageTimeLimitDays: project.stageTimeLimitDays } : {}),
    ...(pod.slackChannel !== undefined ? { channel: pod.slackChannel } : {}),
  };
}
