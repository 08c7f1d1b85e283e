/** Moved to @clos/app; kept so existing imports keep compiling. */
export { mapPullRequest, linearKeysOf, type PullRequestMapping } from '@clos/app';
