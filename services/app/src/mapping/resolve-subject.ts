import {
  memberByLinear,
  personId,
  podById,
  podForLinearTeam,
  podForRepo,
  projectForLinearProject,
  type DomainEvent,
  type Subject,
} from '@clos/domain';
import type { ConfigSource } from '@clos/platform';
import type { LinearIssueDirectory } from './linear-issue-directory.js';
import { mapPullRequest } from './pull-request-mapping.js';

/** Options of {@link createSubjectResolver}. */
export interface SubjectResolverOptions {
  config: ConfigSource;
  /** Lets a PR find its project through the Linear issue it names; without it, labels only. */
  linearIssues?: LinearIssueDirectory;
}

/**
 * Completes an event's subject from clos.yml: repository → pod, pull request → project (by
 * `project:<id>` label or its Linear issue's project), Linear team → pod, Linear project →
 * project, author or assignee → person. Returns only what it resolved.
 */
export function createSubjectResolver(options: SubjectResolverOptions): (event: DomainEvent) => Promise<Subject> {
  return async (event) => {
    const cfg = options.config.current();
    const subject: Subject = {};
    const set = (key: keyof Subject, value: string | undefined): void => {
      if (value !== undefined) subject[key] = value;
    };
    switch (event.type) {
      case 'pr.opened':
      case 'pr.reopened':
      case 'pr.ready_for_review':
      case 'pr.converted_to_draft':
      case 'pr.synchronized':
      case 'pr.closed':
      case 'pr.labeled':
      case 'pr.unlabeled':
      case 'pr.review_submitted': {
        const { pullRequest } = (event as DomainEvent<'pr.opened'>).payload;
        const mapped = await mapPullRequest(cfg, pullRequest, options.linearIssues);
        set('podId', mapped.pod?.id);
        set('projectId', mapped.project?.id);
        set('personId', mapped.personId);
        break;
      }
      case 'checks.completed':
      case 'push.default_branch':
      case 'merge_group.checks_requested':
      case 'deployment.status_changed':
        set('podId', podForRepo(cfg, (event as DomainEvent<'checks.completed'>).payload.repo)?.id);
        break;
      case 'linear.issue.changed': {
        const { issue } = (event as DomainEvent<'linear.issue.changed'>).payload;
        set('podId', podForLinearTeam(cfg, issue.teamKey)?.id);
        set('projectId', projectForLinearProject(cfg, { id: issue.projectId, name: issue.projectName })?.id);
        const identity = issue.assigneeEmail ?? issue.assigneeId;
        const member = identity === null ? undefined : memberByLinear(cfg, identity, subject.podId);
        set('personId', member === undefined ? undefined : personId(member));
        break;
      }
      case 'linear.project.changed': {
        const { project } = (event as DomainEvent<'linear.project.changed'>).payload;
        const mapped = projectForLinearProject(cfg, { id: project.id, name: project.name });
        set('projectId', mapped?.id);
        set('podId', mapped === undefined ? undefined : podById(cfg, mapped.pod)?.id);
        break;
      }
      default:
        break;
    }
    return subject;
  };
}
