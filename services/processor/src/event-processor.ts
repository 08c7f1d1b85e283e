import { githubWorkItemId, sameRepo, type DomainEvent } from '@clos/domain';
import type { GithubClient } from '@clos/github';
import type { Logger } from '@clos/platform';
import type { ConfigSource } from '@clos/app';
import type { WorkflowDispatcher } from './dispatch/workflow-dispatcher.js';
import type { IdeaIssueSync } from './mapping/idea-issue-sync.js';
import type { LinearIssueDirectory } from '@clos/app';
import { mapPullRequest } from '@clos/app';
import { createSubjectResolver } from '@clos/app';
import { checkConfigPullRequest } from './policy/config-pull-request-check.js';
import type { ConfigReloader } from './policy/config-reload.js';
import { routeLinearIssue, routeLinearProject } from './routing/route-linear.js';
import { routePullRequest, type PullRequestEvent } from './routing/route-pull-request.js';
import { routeChecks, routeMergeGroup, routePush } from './routing/route-repo-events.js';
import type { WorkflowRoute } from './routing/workflow-ops.js';

/** What {@link createEventProcessor} needs. */
export interface EventProcessorOptions {
  config: ConfigSource;
  dispatcher: WorkflowDispatcher;
  /** Links pull requests and Linear issues across deliveries; without it, a PR's project comes from its labels only. */
  linearIssues?: LinearIssueDirectory;
  /** Reads clos.yml and posts `clos/config`; without it, policy-as-code is off. */
  github?: GithubClient;
  configReloader?: ConfigReloader;
  /** `target_url` of a `clos/config` status. */
  configExplainUrl?: (repo: string, sha: string) => string;
  /** Syncs an accepted idea's GitHub issue closing or reopening back to the idea ledger. */
  ideaIssues?: IdeaIssueSync;
  logger?: Logger;
}

/** Handles one domain event from the bus; rejects to have it delivered again. */
export type EventProcessor = (event: DomainEvent) => Promise<void>;

const PR_TYPES = new Set<string>([
  'pr.opened',
  'pr.reopened',
  'pr.ready_for_review',
  'pr.converted_to_draft',
  'pr.synchronized',
  'pr.closed',
  'pr.labeled',
  'pr.unlabeled',
  'pr.review_submitted',
]);

/** PR events after which the head may carry a different clos.yml. */
const CONFIG_CHECK_TYPES = new Set<string>(['pr.opened', 'pr.reopened', 'pr.synchronized', 'pr.ready_for_review']);

/**
 * The processor: turns each domain event into what the workflows must hear, and does the
 * few things that are not workflow state — remembering which Linear issue a PR names,
 * reloading clos.yml, judging a PR that edits it. Everything it does is safe to repeat, so
 * an event delivered twice (the bus is at-least-once) changes nothing the second time.
 */
export function createEventProcessor(options: EventProcessorOptions): EventProcessor {
  const resolveSubject = createSubjectResolver({
    config: options.config,
    ...(options.linearIssues !== undefined ? { linearIssues: options.linearIssues } : {}),
  });

  return async (event) => {
    const cfg = options.config.current();
    const routes: WorkflowRoute[] = [];
    // Work besides the workflows' (judging a clos.yml change), run alongside their delivery.
    const sideWork: Promise<unknown>[] = [];
    if (PR_TYPES.has(event.type)) {
      const pr = event as PullRequestEvent;
      await rememberLinks(options, pr);
      routes.push(...(await routePullRequest(cfg, pr, options.linearIssues)));
      if (options.github !== undefined && CONFIG_CHECK_TYPES.has(event.type) && isConfigRepo(cfg.configRepo, pr.payload.pullRequest.repo)) {
        sideWork.push(
          checkConfigPullRequest(
            { github: options.github, ...(options.configExplainUrl ? { explainUrl: options.configExplainUrl } : {}) },
            pr.payload.pullRequest,
          ),
        );
      }
    } else {
      switch (event.type) {
        case 'linear.issue.changed': {
          const linear = event as DomainEvent<'linear.issue.changed'>;
          const { issue } = linear.payload;
          await options.linearIssues?.remember(
            { identifier: issue.identifier, projectId: issue.projectId, projectName: issue.projectName, stateType: issue.stateType },
            event.occurredAt,
          );
          // The policy in force decides the pod and project, not the one the api had.
          const subject = { ...event.subject, ...(await resolveSubject(event)) };
          routes.push(...(await routeLinearIssue({ ...linear, subject }, options.linearIssues)));
          break;
        }
        case 'linear.project.changed': {
          const subject = { ...event.subject, ...(await resolveSubject(event)) };
          routes.push(...routeLinearProject({ ...(event as DomainEvent<'linear.project.changed'>), subject }));
          break;
        }
        case 'checks.completed':
          routes.push(...routeChecks(cfg, event as DomainEvent<'checks.completed'>));
          break;
        case 'push.default_branch': {
          const push = event as DomainEvent<'push.default_branch'>;
          if (options.configReloader?.concerns(push)) routes.push(...(await options.configReloader.reload(push)));
          // Read after a reload: new projects or repos of the push already count.
          routes.push(...routePush(options.config.current(), push));
          break;
        }
        case 'merge_group.checks_requested':
          routes.push(...routeMergeGroup(cfg, event as DomainEvent<'merge_group.checks_requested'>));
          break;
        case 'issue.changed':
          if (options.ideaIssues !== undefined) sideWork.push(options.ideaIssues.issueChanged(event as DomainEvent<'issue.changed'>));
          break;
        default:
          // installation, deployment and unhandled webhooks are recorded by the bus; nothing to enforce.
          break;
      }
    }
    if (routes.length > 0) options.logger?.debug({ eventId: event.id, type: event.type, routes: routes.length }, 'processor: routing');
    // The delivery's correlation id travels with every command, into what the workflows record.
    const correlated = routes.map((route) => ({ ...route, correlationId: event.correlationId }));
    await Promise.all([options.dispatcher.dispatch(correlated), ...sideWork]);
  };
}

function isConfigRepo(configRepo: string | undefined, repo: string): boolean {
  return configRepo !== undefined && sameRepo(configRepo, repo);
}

/** Records which Linear issues a PR names, so the issue's later changes reach the PR's project. */
async function rememberLinks(options: EventProcessorOptions, event: PullRequestEvent): Promise<void> {
  if (options.linearIssues === undefined) return;
  const pr = event.payload.pullRequest;
  const mapped = await mapPullRequest(options.config.current(), pr, undefined);
  for (const key of mapped.linearKeys) {
    await options.linearIssues.linkPullRequest(
      key,
      {
        id: githubWorkItemId(pr.repo, pr.number),
        repo: pr.repo,
        number: pr.number,
        headSha: pr.headSha,
        state: event.type === 'pr.closed' ? 'closed' : pr.state,
      },
      event.occurredAt,
    );
  }
}
