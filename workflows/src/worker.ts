import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import type { ClosActivities } from './activities/types.js';
import { bundleWorkflows } from './bundle.js';
import { TASK_QUEUE } from './shared/ids.js';

/** Options of {@link createWorker}. */
export interface CreateWorkerOptions {
  connection: NativeConnection;
  /** The activities, from `createActivities`. */
  activities: ClosActivities;
  taskQueue?: string;
  namespace?: string;
  /** Caps on concurrent work; the defaults suit a small instance. */
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
}

/**
 * A worker running every CLOS workflow and activity on the task queue. The workflow code
 * is bundled once per process. Run it with `worker.run()`; `worker.shutdown()` drains.
 */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: await bundleWorkflows(),
    activities: options.activities,
    ...(options.maxConcurrentActivityTaskExecutions !== undefined
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions }
      : {}),
    ...(options.maxConcurrentWorkflowTaskExecutions !== undefined
      ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions }
      : {}),
  });
}
