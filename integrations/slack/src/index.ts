/**
 * @clos/slack — the Slack edge of CLOS: request verification and the Bolt receiver the api
 * feeds, the paced, deduplicated message sender (the workflows' notifier adapter), Block
 * Kit builders and the parsing of what people type. The records of the bot's features
 * (standups, blockers, ideas, demos) live in the records layer of @clos/platform.
 */
export { verifySlackSignature, signSlackRequest, SLACK_TIMESTAMP_TOLERANCE_SECONDS } from './verify/verify-slack-signature.js';
export type { SlackSignatureResult, VerifySlackSignatureInput } from './verify/verify-slack-signature.js';
export {
  headerValue,
  SLACK_SIGNATURE_HEADER,
  SLACK_TIMESTAMP_HEADER,
  SLACK_RETRY_NUM_HEADER,
  SLACK_RETRY_REASON_HEADER,
} from './verify/slack-headers.js';
export type { SlackHeaders } from './verify/slack-headers.js';

export { SlackRequestReceiver } from './receiver/slack-receiver.js';
export type { RequestClaims, SlackHttpAnswer, SlackHttpRequest, SlackRequestReceiverOptions } from './receiver/slack-receiver.js';
export { parseSlackBody, slackRequestKey } from './receiver/parse-slack-body.js';
export type { SlackBody } from './receiver/parse-slack-body.js';
export { createBoltApp } from './app/create-bolt-app.js';
export type { BoltAppOptions } from './app/create-bolt-app.js';
export type {
  App as SlackApp,
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
export type { KnownBlock, ModalView } from '@slack/types';

export { consoleSlackLogger, silentSlackLogger, toBoltLogger } from './slack-logger.js';
export type { SlackLogger } from './slack-logger.js';

export { createSlackWebClient, slackClientOptions, DEFAULT_SLACK_API_URL } from './web/slack-web-client.js';
export type { SlackWebClientOptions } from './web/slack-web-client.js';
export { retryAfterSeconds } from './web/rate-limit.js';

export { ChannelPacer } from './notify/channel-pacer.js';
export type { ChannelPacerOptions } from './notify/channel-pacer.js';
export { webApiPoster, dryRunPoster } from './notify/message-poster.js';
export type { MessagePoster, OutgoingMessage } from './notify/message-poster.js';
export { SlackNotifier } from './notify/slack-notifier.js';
export { createSlackNotifier } from './notify/create-slack-notifier.js';
export type { CreateSlackNotifierOptions } from './notify/create-slack-notifier.js';
export type { PodNotification, SendInput, SendOutcome, SlackNotifierOptions } from './notify/slack-notifier.js';

export type { SqlClient, SqlRow } from './store/sql-client.js';
export { createPgMessageLedger, DEFAULT_STALE_CLAIM_SECONDS } from './store/message-ledger.js';
export type { MessageClaim, MessageLedger } from './store/message-ledger.js';

export { addDays, daysBetween, formatDay, isDay, isWorkingDay, localDay, nextWeekday, nextWorkingDay, weekdayOf, FRIDAY } from './time/local-day.js';
export { splitArgs, restAfter, unescapeSlackText, plainLinks } from './text/command-args.js';
export { parseBlockerLines, normalizeBlocker, workItemNamedIn } from './text/blocker-lines.js';
export type { BlockerLine, WorkItemScope } from './text/blocker-lines.js';

export {
  actions,
  button,
  capBlocks,
  context,
  divider,
  escapeText,
  fields,
  header,
  link,
  mention,
  modal,
  numberSelect,
  section,
  submittedValue,
  textInput,
  MAX_BLOCKS,
} from './blocks/block-kit.js';
export type { ButtonOptions } from './blocks/block-kit.js';
