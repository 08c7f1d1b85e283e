export { verifyGithubSignature, GITHUB_SIGNATURE_HEADER } from './webhook/verify-github-signature.js';
export type { GithubSignatureResult, VerifyGithubSignatureInput } from './webhook/verify-github-signature.js';
export type { WebhookHeaders } from './webhook/headers.js';
export { githubPayloadFields, mapGithubWebhook } from './webhook/map-github-webhook.js';
export type { GithubWebhookInput } from './webhook/map-github-webhook.js';
export { aggregatePushFiles } from './webhook/aggregate-push-files.js';
export type { CommitFileChanges, PushFileChanges } from './webhook/aggregate-push-files.js';

export { fitStatusDescription, STATUS_DESCRIPTION_MAX } from './client/github-client.js';
export type {
  CheckRunSummary,
  CommitStatus,
  CommitStatusState,
  CreateIssueInput,
  CreatedComment,
  CreatedIssue,
  GithubClient,
  PullRequestReview,
  RepositoryPermission,
  SetCommitStatusInput,
} from './client/github-client.js';
export { createOctokitGithubClient } from './client/octokit-github-client.js';
export type { OctokitGithubClientOptions } from './client/octokit-github-client.js';
export type { GithubAuth } from './client/octokit-factory.js';
export { createDryRunGithubClient } from './client/dry-run-github-client.js';
export type { DryRunGithubCall, DryRunGithubClient, DryRunGithubClientOptions } from './client/dry-run-github-client.js';
export { createGithubClient } from './client/create-github-client.js';
export type { GithubClientSettings } from './client/create-github-client.js';
export { consoleLogger } from './client/logger.js';
export type { IntegrationLogger } from './client/logger.js';
export { createGithubOAuthLogin } from './oauth/github-oauth-login.js';
export type { GithubOAuthFailure, GithubOAuthLogin, GithubOAuthSettings, GithubOAuthUser } from './oauth/github-oauth-login.js';
