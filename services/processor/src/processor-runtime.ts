import { followPolicyIntoWorkflows, type ConfigHolder, type PolicyFollower } from '@clos/app';
import type { Client } from '@temporalio/client';
import type { ClosConfig } from '@clos/domain';
import type { GithubClient } from '@clos/github';
import type { LinearClient } from '@clos/linear';
import type { EventConsumer, Logger, ProjectionStore } from '@clos/platform';
import { ensureStandupSchedules } from '@clos/workflows';
import type pg from 'pg';
import { TemporalWorkflowGateway, type WorkflowGateway } from './dispatch/workflow-gateway.js';
import { WorkflowDispatcher } from './dispatch/workflow-dispatcher.js';
import { createEventProcessor, type EventProcessor } from './event-processor.js';
import { createPgIdeaIssueSync } from './mapping/idea-issue-sync.js';
import { ProjectionLinearIssueDirectory } from '@clos/app';
import { ConfigReloader } from './policy/config-reload.js';

/** Everything a running processor is made of. */
export interface ProcessorDependencies {
  config: ConfigHolder;
  /** A Temporal client; or pass `gateway` to reach the workflows another way. */
  temporal?: Client;
  gateway?: WorkflowGateway;
  taskQueue?: string;
  /** The bus to consume; `startProcessor` starts and stops it. */
  consumer: EventConsumer;
  github?: GithubClient;
  linear?: LinearClient;
  /** Links PRs to Linear issues across deliveries. */
  projections?: ProjectionStore;
  /**
   * Publishes a pushed clos.yml as a new policy version (with `temporal`, the pods' workflows
   * then get their new limits from the policy follower).
   */
  pool?: pg.Pool;
  /** Base of `target_url`s (PUBLIC_URL). */
  publicUrl?: string;
  /** Coalescing window and least interval per workflow, in ms. */
  coalesce?: { windowMs?: number; minIntervalMs?: number };
  logger?: Logger;
}

/** A running processor. */
export interface ProcessorRuntime {
  handle: EventProcessor;
  dispatcher: WorkflowDispatcher;
  /** Gives running pod workflows the limits of each new policy version (with a pool and a Temporal client). */
  policyFollower?: PolicyFollower;
  /** Stops consuming, lets the events in flight finish and delivers what is coalesced. */
  stop(): Promise<void>;
}

/** `target_url` of a `clos/config` status. */
export function configExplainUrl(publicUrl: string): (repo: string, sha: string) => string {
  const base = publicUrl.replace(/\/+$/, '');
  return (repo, sha) => `${base}/why/config/${repo.split('/').map(encodeURIComponent).join('/')}/${encodeURIComponent(sha)}`;
}

/** Wires the processor and starts consuming the bus. */
export function startProcessor(deps: ProcessorDependencies): ProcessorRuntime {
  const gateway = deps.gateway ?? (deps.temporal !== undefined ? new TemporalWorkflowGateway({ client: deps.temporal, ...(deps.taskQueue ? { taskQueue: deps.taskQueue } : {}) }) : undefined);
  if (gateway === undefined) throw new TypeError('startProcessor needs a Temporal client or a gateway');
  const dispatcher = new WorkflowDispatcher({
    gateway,
    config: deps.config,
    ...(deps.linear !== undefined ? { linear: deps.linear } : {}),
    ...(deps.coalesce?.windowMs !== undefined ? { windowMs: deps.coalesce.windowMs } : {}),
    ...(deps.coalesce?.minIntervalMs !== undefined ? { minIntervalMs: deps.coalesce.minIntervalMs } : {}),
    ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
  });
  const explainUrl = deps.publicUrl !== undefined ? configExplainUrl(deps.publicUrl) : undefined;
  const policyFollower =
    deps.temporal !== undefined && deps.pool !== undefined
      ? followPolicyIntoWorkflows({
          policy: deps.config,
          temporal: deps.temporal,
          ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}),
          ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
        })
      : undefined;
  const handle = createEventProcessor({
    config: deps.config,
    dispatcher,
    ...(deps.projections !== undefined ? { linearIssues: new ProjectionLinearIssueDirectory(deps.projections) } : {}),
    ...(deps.github !== undefined
      ? {
          github: deps.github,
          configReloader: new ConfigReloader({
            holder: deps.config,
            github: deps.github,
            ...(policyFollower !== undefined ? { pool: deps.pool } : {}),
            ...(explainUrl !== undefined ? { explainUrl } : {}),
            ...(deps.temporal !== undefined ? { afterReload: scheduleSync(deps.temporal, deps.taskQueue) } : {}),
            ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
          }),
        }
      : {}),
    ...(explainUrl !== undefined ? { configExplainUrl: explainUrl } : {}),
    ...(deps.pool !== undefined ? { ideaIssues: createPgIdeaIssueSync(deps.pool) } : {}),
    ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
  });
  deps.consumer.start(async (event) => {
    try {
      await handle(event);
    } catch (error) {
      deps.logger?.warn({ err: error, eventId: event.id, type: event.type }, 'processor: event failed; the bus delivers it again');
      throw error;
    }
  });
  let stopping: Promise<void> | undefined;
  return {
    handle,
    dispatcher,
    ...(policyFollower !== undefined ? { policyFollower } : {}),
    stop: () => {
      stopping ??= (async () => {
        policyFollower?.stop();
        await deps.consumer.stop();
        await dispatcher.close();
      })();
      return stopping;
    },
  };
}

/** New pods get their standup reminders, removed pods lose them, the moment clos.yml changes. */
function scheduleSync(temporal: Client, taskQueue: string | undefined): (config: ClosConfig) => Promise<unknown> {
  return (config) => ensureStandupSchedules(temporal, config, taskQueue !== undefined ? { taskQueue } : {});
}
