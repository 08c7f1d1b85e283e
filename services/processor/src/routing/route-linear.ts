import { linearWorkItemId, type DomainEvent } from '@clos/domain';
import type { ReleaseInput } from '@clos/workflows';
import type { LinearIssueDirectory } from '@clos/app';
import type { WorkflowRoute } from './workflow-ops.js';

/**
 * Routes a Linear issue change (its subject already resolved from clos.yml). An issue in a
 * started state holds a slot of its team's pod; completed, canceled or removed lets go; an
 * issue moved back to the backlog lets go too unless an open pull request carries it. A
 * change to an issue of a mapped project refreshes that project's Linear progress, and
 * pull requests naming the issue join the project's gate once its project is known.
 */
export async function routeLinearIssue(
  event: DomainEvent<'linear.issue.changed'>,
  linearIssues: LinearIssueDirectory | undefined,
): Promise<WorkflowRoute[]> {
  const { action, issue } = event.payload;
  const routes: WorkflowRoute[] = [];
  const podId = event.subject.podId;
  const projectId = event.subject.projectId;
  const id = linearWorkItemId(issue.identifier);
  const linked = linearIssues === undefined ? [] : await linearIssues.pullRequestsOf(issue.identifier);
  const openLinked = linked.filter((pr) => pr.state === 'open');

  if (podId !== undefined) {
    const release = (reason: ReleaseInput['reason']): void => {
      routes.push({ target: 'pod', podId, key: `${event.id}:wip`, op: { type: 'release', input: { id, reason, occurredAt: event.occurredAt } } });
    };
    if (action === 'remove') release('removed');
    else if (issue.stateType === 'completed') release('completed');
    else if (issue.stateType === 'canceled') release('canceled');
    else if (issue.stateType === 'started') {
      routes.push({
        target: 'pod',
        podId,
        key: `${event.id}:wip`,
        op: {
          type: 'acquire',
          input: {
            id,
            title: `${issue.identifier} ${issue.title}`,
            url: issue.url,
            linearKeys: [issue.identifier],
            occurredAt: event.occurredAt,
            ...(event.subject.personId !== undefined ? { personId: event.subject.personId } : {}),
          },
        },
      });
    } else if (openLinked.length === 0) release('manual');
  }

  if (projectId !== undefined) {
    routes.push({ target: 'project', projectId, key: `${event.id}:linear`, op: { type: 'linearRefresh' } });
    for (const pr of openLinked) {
      routes.push({
        target: 'project',
        projectId,
        key: `${event.id}:pr:${pr.id}`,
        op: { type: 'pullRequestChanged', input: { repo: pr.repo, number: pr.number, headSha: pr.headSha, state: 'open' } },
      });
    }
  }
  return routes;
}

/** Routes a Linear project change: its mapped project recounts its issues. */
export function routeLinearProject(event: DomainEvent<'linear.project.changed'>): WorkflowRoute[] {
  const projectId = event.subject.projectId;
  if (projectId === undefined) return [];
  return [{ target: 'project', projectId, key: `${event.id}:linear`, op: { type: 'linearRefresh' } }];
}
