/**
 * `@clos/workflows/worker` — what runs the workflows: the worker, the workflow bundle, the
 * activities and the vendor clients they use. Only the worker's main (and tests that run a
 * worker) import this.
 */
export { createWorker, type CreateWorkerOptions } from './worker.js';
export { integrationClientsFromEnv, type IntegrationClients } from './integration-clients.js';
export { bundleWorkflows, workflowsEntry } from './bundle.js';
export * from './activities/index.js';
