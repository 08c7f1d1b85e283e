/**
 * @clos/workflows — the enforcement workflows (pod WIP, project stage gates, status
 * reconciler), the activities they call, the client helpers other services use, and the
 * worker that runs them.
 */
export * from './client.js';
export { createWorker, type CreateWorkerOptions } from './worker.js';
export { integrationClientsFromEnv, type IntegrationClients } from './integration-clients.js';
export { bundleWorkflows, workflowsEntry } from './bundle.js';
export * from './shared/index.js';
export * from './activities/index.js';
export * from './digests/index.js';
export { refreshTurn, READS_PER_PULL_REQUEST, type RefreshTurnInput } from './workflows/reconcile-pacing.js';
