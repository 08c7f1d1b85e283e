import { podForRepo, projectsOfPod, type ClosConfig, type DomainEvent } from '@clos/domain';
import type { WorkflowRoute } from './workflow-ops.js';

/**
 * The projects whose gates a repository's facts feed: the projects of the pod owning it.
 * Checks and pushes name no project, and a pod has few, so each hears of them and its gate
 * decides what counts.
 */
function projectsOfRepo(cfg: ClosConfig, repo: string): { podId: string; projectIds: string[] } | undefined {
  const pod = podForRepo(cfg, repo);
  if (pod === undefined) return undefined;
  return { podId: pod.id, projectIds: projectsOfPod(cfg, pod.id).map((p) => p.id) };
}

/** A finished check or commit status feeds the `checks` criteria of the pod's projects. */
export function routeChecks(cfg: ClosConfig, event: DomainEvent<'checks.completed'>): WorkflowRoute[] {
  const { repo, headSha, name, conclusion } = event.payload;
  const owner = projectsOfRepo(cfg, repo);
  // CLOS's own statuses come back as `status` events; they are not CI results.
  if (owner === undefined || name.startsWith('clos/')) return [];
  return owner.projectIds.map((projectId) => ({
    target: 'project',
    projectId,
    key: `${event.id}:check`,
    op: { type: 'checkCompleted', input: { name, conclusion, repo, headSha } },
  }));
}

/** A push to the default branch feeds `artifact` criteria (paths that now exist or no longer do). */
export function routePush(cfg: ClosConfig, event: DomainEvent<'push.default_branch'>): WorkflowRoute[] {
  const { repo, added, modified, removed } = event.payload;
  const owner = projectsOfRepo(cfg, repo);
  if (owner === undefined || added.length + modified.length + removed.length === 0) return [];
  return owner.projectIds.map((projectId) => ({
    target: 'project',
    projectId,
    key: `${event.id}:push`,
    op: { type: 'artifactPushed', input: { repo, paths: [...added, ...modified], removed } },
  }));
}

/**
 * A merge queue asks for a verdict on the group's head SHA: the pod's WIP workflow and the
 * project gates post their real verdict there (never an automatic pass).
 */
export function routeMergeGroup(cfg: ClosConfig, event: DomainEvent<'merge_group.checks_requested'>): WorkflowRoute[] {
  const { repo, headSha, headRef } = event.payload;
  const owner = projectsOfRepo(cfg, repo);
  if (owner === undefined) return [];
  return [
    { target: 'pod', podId: owner.podId, key: `${event.id}:wip`, op: { type: 'mergeGroupRequested', input: { repo, headSha, headRef } } },
    ...owner.projectIds.map(
      (projectId): WorkflowRoute => ({
        target: 'project',
        projectId,
        key: `${event.id}:stage`,
        op: { type: 'stageMergeGroup', input: { repo, headSha } },
      }),
    ),
  ];
}
