/** Moved to @clos/app; kept so existing imports keep compiling. */
export { ProjectionLinearIssueDirectory, type LinearIssueDirectory, type LinearIssueFacts, type LinkedPullRequest } from '@clos/app';
