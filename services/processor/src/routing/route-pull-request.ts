import { githubWorkItemId, PROJECT_LABEL_PREFIX, projectById, roleOf, type ClosConfig, type DomainEvent } from '@clos/domain';
import type { WorkItemInput } from '@clos/workflows';
import type { LinearIssueDirectory } from '@clos/app';
import { mapPullRequest, type PullRequestMapping } from '@clos/app';
import type { PodOp, StageOp, WorkflowRoute } from './workflow-ops.js';

/** The pull request events the processor acts on. */
export type PullRequestEvent = DomainEvent<
  | 'pr.opened'
  | 'pr.reopened'
  | 'pr.ready_for_review'
  | 'pr.converted_to_draft'
  | 'pr.synchronized'
  | 'pr.closed'
  | 'pr.labeled'
  | 'pr.unlabeled'
  | 'pr.review_submitted'
>;

/**
 * Routes a pull request event. A PR of a repository no pod owns gets nothing (and so no
 * CLOS status). Otherwise the pod's WIP workflow hears of it — opened, reopened, new commits
 * or an expedite label ask for (or refresh) a slot, closed or merged lets go, draft changes
 * move it in and out — and, when the PR maps to a project, the project's stage workflow
 * registers it for `clos/stage-gate` and counts its reviews.
 */
export async function routePullRequest(
  cfg: ClosConfig,
  event: PullRequestEvent,
  linearIssues: LinearIssueDirectory | undefined,
): Promise<WorkflowRoute[]> {
  const pr = event.payload.pullRequest;
  const mapped = await mapPullRequest(cfg, pr, linearIssues);
  if (mapped.pod === undefined) return [];
  const routes: WorkflowRoute[] = [];
  const podOp = podOpFor(event, mapped);
  if (podOp !== undefined) routes.push({ target: 'pod', podId: mapped.pod.id, key: `${event.id}:wip`, op: podOp });

  if (mapped.project !== undefined) {
    const projectId = mapped.project.id;
    const stage = (op: StageOp, step: string): void => {
      routes.push({ target: 'project', projectId, key: `${event.id}:${step}`, op });
    };
    stage(
      {
        type: 'pullRequestChanged',
        input: { repo: pr.repo, number: pr.number, headSha: pr.headSha, state: event.type === 'pr.closed' ? 'closed' : pr.state },
      },
      'pr',
    );
    if (event.type === 'pr.review_submitted') {
      const { review } = (event as DomainEvent<'pr.review_submitted'>).payload;
      const role = roleOf(cfg, mapped.pod.id, review.reviewer);
      stage(
        {
          type: 'reviewSubmitted',
          input: { by: review.reviewer.toLowerCase(), state: review.state, repo: pr.repo, number: pr.number, ...(role ? { role } : {}) },
        },
        'review',
      );
    }
  }

  // Taking a project label off moves the PR out of that project's gate.
  if (event.type === 'pr.unlabeled') {
    const label = (event as DomainEvent<'pr.unlabeled'>).payload.label.trim();
    if (label.toLowerCase().startsWith(PROJECT_LABEL_PREFIX)) {
      const left = projectById(cfg, label.slice(PROJECT_LABEL_PREFIX.length).trim().toLowerCase());
      if (left !== undefined && left.id !== mapped.project?.id) {
        routes.push({
          target: 'project',
          projectId: left.id,
          key: `${event.id}:left`,
          op: { type: 'pullRequestChanged', input: { repo: pr.repo, number: pr.number, headSha: pr.headSha, state: 'closed' } },
        });
      }
    }
  }
  return routes;
}

/** The work item a pull request stands for, with every id that reaches it. */
export function workItemOf(event: PullRequestEvent, mapped: PullRequestMapping): WorkItemInput {
  const pr = event.payload.pullRequest;
  return {
    id: githubWorkItemId(pr.repo, pr.number),
    personId: mapped.personId,
    title: pr.title,
    url: pr.url,
    expedite: mapped.expedite,
    pullRequests: [
      {
        repo: pr.repo,
        number: pr.number,
        headSha: pr.headSha,
        headShaAt: event.occurredAt,
        labels: pr.labels,
        labelsAt: event.occurredAt,
        ...(pr.createdAt !== undefined ? { openedAt: pr.createdAt } : {}),
      },
    ],
    linearKeys: mapped.linearKeys,
  };
}

function podOpFor(event: PullRequestEvent, mapped: PullRequestMapping): PodOp | undefined {
  const pr = event.payload.pullRequest;
  const occurredAt = event.occurredAt;
  const item = workItemOf(event, mapped);
  switch (event.type) {
    case 'pr.opened':
    case 'pr.reopened':
      return { type: 'acquire', input: { ...item, draft: pr.draft, occurredAt } };
    case 'pr.synchronized':
      // Acquire rather than a bare head move: it moves the head too, and heals a PR whose
      // "opened" never reached CLOS (installed later, or a delivery lost upstream).
      if (pr.state !== 'open') return undefined;
      return { type: 'acquire', input: { ...item, draft: pr.draft, occurredAt } };
    case 'pr.ready_for_review':
      return { type: 'draftChanged', input: { item, draft: false, occurredAt } };
    case 'pr.converted_to_draft':
      return { type: 'draftChanged', input: { item, draft: true, occurredAt } };
    case 'pr.closed': {
      const closedAt = pr.closedAt ?? occurredAt;
      const mergedAt = pr.merged ? (pr.mergedAt ?? closedAt) : undefined;
      return {
        type: 'release',
        input: { id: item.id, reason: pr.merged ? 'merged' : 'closed', occurredAt, closedAt, labels: pr.labels, ...(mergedAt !== undefined ? { mergedAt } : {}) },
      };
    }
    case 'pr.labeled':
    case 'pr.unlabeled': {
      const label = (event as DomainEvent<'pr.labeled'>).payload.label.toLowerCase();
      const expediteLabel = mapped.pod?.expedite.label.toLowerCase();
      if (pr.state !== 'open' || label !== expediteLabel) return undefined;
      return { type: 'acquire', input: { ...item, draft: pr.draft, occurredAt } };
    }
    default:
      return undefined;
  }
}
