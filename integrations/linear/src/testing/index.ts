export { startFakeLinear } from './fake-linear-server.js';
export type { FakeLinear, FakeLinearFault, FakeLinearOptions, RecordedLinearRequest } from './fake-linear-server.js';
export type { FakeLinearComment, FakeLinearIssue, FakeLinearLabel, FakeLinearProject } from './fake-linear-state.js';
export { signLinearPayload } from './sign-linear-payload.js';
export { linearCommentWebhook, linearIssueWebhook, linearProjectWebhook } from './linear-webhook-fixtures.js';
export type { FixtureStateType, LinearIssueFixture, LinearProjectFixture } from './linear-webhook-fixtures.js';
