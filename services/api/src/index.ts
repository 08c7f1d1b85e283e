/** @clos/api — the HTTP edge: webhooks, status explanations, Slack, the REST API, metrics, health. */
export { buildServer, type ServerDeps } from './server.js';
export { registerHealthRoute, runHealthChecks, type HealthCheck, type HealthReport } from './health.js';
export * from './webhooks/index.js';
export * from './explain/index.js';
export * from './slack/index.js';
export * from './rest/index.js';
export * from './metrics/index.js';
