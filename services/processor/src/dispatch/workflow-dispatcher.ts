import { createHash } from 'node:crypto';
import { podWipWorkflowId, projectStageWorkflowId, type PodWipCommand, type ProjectStageCommand } from '@clos/workflows';
import type { LinearClient } from '@clos/linear';
import type { Logger } from '@clos/platform';
import type { ConfigSource } from '@clos/app';
import { Coalescer } from '../coalescer.js';
import type { WorkflowRoute } from '../routing/workflow-ops.js';
import { countLinearProgress } from '@clos/app';
import { podWipStart, projectStageStart } from '@clos/app';
import type { WorkflowGateway } from './workflow-gateway.js';

/** Options of {@link WorkflowDispatcher}. */
export interface WorkflowDispatcherOptions {
  gateway: WorkflowGateway;
  config: ConfigSource;
  /** Counts a project's Linear issues for `linearDone` criteria; without it, Linear progress is left to the workflow. */
  linear?: LinearClient;
  /** How long the first route to a workflow waits for others (default 25 ms). */
  windowMs?: number;
  /** Least time between two calls to one workflow (default 200 ms: at most five a second). */
  minIntervalMs?: number;
  logger?: Logger;
}

/**
 * Sends routes to their workflows, coalesced: routes for one workflow arriving together
 * become one batch call, one call per workflow at a time and at most one every
 * `minIntervalMs`. `dispatch` resolves once every route it was given has been delivered, so
 * an event is acknowledged on the bus only after its workflows took it.
 */
export class WorkflowDispatcher {
  private readonly coalescer: Coalescer<WorkflowRoute>;

  constructor(private readonly options: WorkflowDispatcherOptions) {
    this.coalescer = new Coalescer<WorkflowRoute>({
      windowMs: options.windowMs ?? 25,
      minIntervalMs: options.minIntervalMs ?? 200,
      deliver: (key, routes) => this.deliver(key, routes),
    });
  }

  async dispatch(routes: WorkflowRoute[]): Promise<void> {
    await Promise.all(
      routes.map((route) =>
        this.coalescer.submit(route.target === 'pod' ? podWipWorkflowId(route.podId) : projectStageWorkflowId(route.projectId), route),
      ),
    );
  }

  /** Delivers what is waiting, then refuses more. */
  close(): Promise<void> {
    return this.coalescer.close();
  }

  private async deliver(workflowId: string, routes: WorkflowRoute[]): Promise<void> {
    const first = routes[0];
    if (first === undefined) return;
    const cfg = this.options.config.current();
    if (first.target === 'pod') {
      const start = podWipStart(cfg, first.podId);
      if (start === undefined) {
        this.options.logger?.warn({ workflowId, routes: routes.length }, 'processor: pod is not in clos.yml; routes dropped');
        return;
      }
      // Each command carries its event key: the workflow applies a key once, however the
      // event is batched with others, redelivered or replayed.
      const commands: PodWipCommand[] = routes.flatMap((r) => (r.target === 'pod' ? [{ ...r.op, ...originOf(r) }] : []));
      const results = await this.options.gateway.updatePod(start, commands, batchId(routes));
      const refused = results.filter((r) => 'status' in r && r.status === 'invalid');
      if (refused.length > 0) this.options.logger?.warn({ workflowId, refused }, 'processor: the pod refused malformed commands');
      return;
    }

    const start = projectStageStart(cfg, first.projectId);
    if (start === undefined) {
      this.options.logger?.warn({ workflowId, routes: routes.length }, 'processor: project is not in clos.yml; routes dropped');
      return;
    }
    const commands: ProjectStageCommand[] = [];
    let linearCounted = false;
    for (const route of routes) {
      if (route.target !== 'project') continue;
      if (route.op.type !== 'linearRefresh') {
        commands.push({ ...route.op, ...originOf(route) });
      } else if (!linearCounted && this.options.linear !== undefined && start.linearProject !== undefined) {
        // One count serves every Linear change of the burst.
        linearCounted = true;
        commands.push({ type: 'linearProgress', input: await countLinearProgress(this.options.linear, start.linearProject) });
      }
    }
    if (commands.length > 0) await this.options.gateway.signalProject(start, commands);
  }
}

/** The event key and correlation id a command carries into its workflow. */
function originOf(route: WorkflowRoute): { eventId: string; correlationId?: string } {
  return { eventId: route.key, ...(route.correlationId !== undefined ? { correlationId: route.correlationId } : {}) };
}

/**
 * The update id of a batch: derived from the events in it, so redelivering the same batch
 * (a retry after a timeout whose update did land) is recognised by Temporal and not applied twice.
 */
function batchId(routes: WorkflowRoute[]): string {
  const keys = routes.map((r) => r.key).sort();
  return `batch:${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 40)}`;
}
