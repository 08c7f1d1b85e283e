export { startFakeGithub } from './fake-github-server.js';
export type { FakeGithub, FakeGithubOptions, RecordedGithubRequest } from './fake-github-server.js';
export type { FakeGithubFault } from './fake-github-faults.js';
export type {
  FakeCheckRun,
  FakeComment,
  FakeIssue,
  FakePullRequest,
  FakePullRequestInput,
  FakeReview,
  FakeStatus,
} from './fake-github-state.js';
export { FAKE_DEFAULT_BRANCH } from './fake-github-state.js';
export { signGithubPayload } from './sign-github-payload.js';
export type { FakeGithubUser } from './fake-github-oauth.js';
export { countDuplicateWrites, statusWrites } from './status-writes.js';
export type { DuplicateWrites, StatusWrite } from './status-writes.js';
