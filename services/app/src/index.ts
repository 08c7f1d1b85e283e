/**
 * @clos/app — the application services: the one way into enforcement and records. They
 * resolve workflow start arguments from the live policy, check the caller's access rule,
 * audit and bound every workflow call with a timeout. REST, the Slack bot, the processor and
 * the reconciler call them; none of those checks roles or builds workflow arguments itself.
 */
export {
  authorizeServices,
  accessCheck,
  type AccessCheck,
  type CallContext,
  type ServiceMethod,
  type Requirement,
  type AuditSpec,
  type AccessRule,
  type AccessRules,
  type Authorized,
  type AuthorizeOptions,
} from './access/authorize-services.js';
export { messageEnvelope, type EnvelopeInput } from './access/message-envelope.js';
export { AUTH_FAILURE_MESSAGES, type Principal, type Authentication, type AuthFailureReason } from './access/principal.js';
export {
  ANY_POD,
  podRolesSchema,
  parseRoleSpecs,
  isOrgAdmin,
  roleInPod,
  podsWithRole,
  inScope,
  describeRoles,
  type PodRoles,
  type PodScope,
} from './access/token-roles.js';
export { rolesOfGithubMember, rolesOfSlackMember } from './access/member-roles.js';
export { liveMemberRoles } from './access/live-member-roles.js';
// The live policy itself lives in platform, so the worker (which the workflows package runs) follows it too.
export {
  ConfigHolder,
  LivePolicy,
  POLICY_CHANNEL,
  publishPolicy,
  readLatestPolicy,
  readLatestPolicyNumber,
  readPolicyVersion,
  diffPolicy,
  type ConfigSource,
  type PolicyListener,
  type LivePolicyOptions,
  type PolicySource,
  type PolicyVersion,
  type PublishPolicyInput,
  type PublishOutcome,
  type PolicyChange,
} from '@clos/platform';
export { policyPublisher, type PolicyPublisher } from './policy/policy-publisher.js';
export { followPolicyIntoWorkflows, policyUpdateId, type FollowPolicyOptions, type PolicyFollower } from './enforcement/follow-policy.js';
export { CONFIG_FILE_PATH, CONFIG_STATUS_CONTEXT, validateConfigText, describeIssues, type ConfigValidation } from './policy/config-validation.js';
export { policyOf, podWipStart, projectStageStart } from './enforcement/workflow-starts.js';
export { withTimeout } from './enforcement/with-timeout.js';
export { countLinearProgress } from './enforcement/linear-progress.js';
export { mapPullRequest, linearKeysOf, type PullRequestMapping } from './mapping/pull-request-mapping.js';
export { createSubjectResolver, type SubjectResolverOptions } from './mapping/resolve-subject.js';
export {
  ProjectionLinearIssueDirectory,
  type LinearIssueDirectory,
  type LinearIssueFacts,
  type LinkedPullRequest,
} from './mapping/linear-issue-directory.js';
export * from './digests/index.js';
export * from './health/index.js';
