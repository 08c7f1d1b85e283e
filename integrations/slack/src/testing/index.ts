export { startFakeSlack } from './fake-slack-server.js';
export type { FakeSlack, FakeSlackFault, FakeSlackOptions, RecordedSlackCall } from './fake-slack-server.js';
export {
  blockActionPayload,
  eventRequest,
  interactionRequest,
  slashCommandRequest,
  viewSubmissionPayload,
} from './slack-requests.js';
export type { SignOptions, SignedSlackRequest, SlashCommandFields } from './slack-requests.js';
export { signSlackRequest } from '../verify/verify-slack-signature.js';
