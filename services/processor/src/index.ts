/**
 * @clos/processor — consumes domain events from the bus and routes them to the
 * enforcement workflows, coalesced per workflow; reloads clos.yml and judges changes to it.
 */
export { ConfigHolder, type ConfigSource } from '@clos/app';
export { Coalescer, type CoalescerOptions } from './coalescer.js';
export { createEventProcessor, type EventProcessor, type EventProcessorOptions } from './event-processor.js';
export { startProcessor, configExplainUrl, type ProcessorDependencies, type ProcessorRuntime } from './processor-runtime.js';
export { WorkflowDispatcher, type WorkflowDispatcherOptions } from './dispatch/workflow-dispatcher.js';
export { TemporalWorkflowGateway, type WorkflowGateway, type TemporalWorkflowGatewayOptions } from './dispatch/workflow-gateway.js';
export { podWipStart, projectStageStart } from '@clos/app';
export { createSubjectResolver, type SubjectResolverOptions } from '@clos/app';
export { createPgIdeaIssueSync, type IdeaIssueSync } from './mapping/idea-issue-sync.js';
export { mapPullRequest, linearKeysOf, type PullRequestMapping } from '@clos/app';
export {
  ProjectionLinearIssueDirectory,
  type LinearIssueDirectory,
  type LinearIssueFacts,
  type LinkedPullRequest,
} from '@clos/app';
export { CONFIG_FILE_PATH, CONFIG_STATUS_CONTEXT, validateConfigText, describeIssues, type ConfigValidation } from '@clos/app';
export { checkConfigPullRequest } from './policy/config-pull-request-check.js';
export { ConfigReloader, policyRoutes, type ConfigReloaderOptions } from './policy/config-reload.js';
export type { PodOp, StageOp, WorkflowRoute } from './routing/workflow-ops.js';
