import { adoptOpenPullRequestsActivity } from './adopt-open-pull-requests.js';
import { consoleActivityLogger } from './console-logger.js';
import { keepAlive } from './keep-alive.js';
import { linearCommentActivity, notifyActivity } from './messages.js';
import { listEnforcementWorkflowsActivity } from './list-enforcement-workflows.js';
import { loadGateFactsActivity } from './load-gate-facts.js';
import type { ActivityDependencies } from './ports.js';
import { postCommitStatusActivity } from './post-commit-status.js';
import { recordActivity } from './record.js';
import type { ClosActivities } from './types.js';
import { writeProjectionActivity } from './write-projection.js';

/**
 * Builds every activity the workflows call from the ports it needs, so a worker passes the
 * real adapters and a test passes local stand-ins. All of them are safe to retry.
 */
export function createActivities(deps: ActivityDependencies): ClosActivities {
  const logger = deps.logger ?? consoleActivityLogger;
  const clock = deps.clock ?? (() => new Date());
  return {
    postCommitStatus: keepAlive(
      postCommitStatusActivity({
        github: deps.github,
        logger,
        ...(deps.explainUrl !== undefined ? { explainUrl: deps.explainUrl } : {}),
      }),
    ),
    record: keepAlive(recordActivity({ store: deps.store, logger })),
    notify: keepAlive(notifyActivity({ notifier: deps.notifier })),
    commentOnLinearIssue: keepAlive(linearCommentActivity({ linear: deps.linear, store: deps.store, logger, clock })),
    loadGateFacts: keepAlive(loadGateFactsActivity({ github: deps.github, linear: deps.linear, logger })),
    listEnforcementWorkflows: keepAlive(listEnforcementWorkflowsActivity(deps.temporal !== undefined ? { temporal: deps.temporal } : {})),
    writeProjection: writeProjectionActivity(deps.projections !== undefined ? { projections: deps.projections } : {}),
    adoptOpenPullRequests: keepAlive(
      adoptOpenPullRequestsActivity({
        github: deps.github,
        logger,
        clock,
        ...(deps.temporal !== undefined ? { temporal: deps.temporal } : {}),
        ...(deps.config !== undefined ? { config: deps.config } : {}),
      }),
    ),
  };
}
