import { App } from '@slack/bolt';
import { silentSlackLogger, toBoltLogger, type SlackLogger } from '../slack-logger.js';
import type { SlackRequestReceiver } from '../receiver/slack-receiver.js';
import { slackClientOptions } from '../web/slack-web-client.js';

/** Options of {@link createBoltApp}. */
export interface BoltAppOptions {
  receiver: SlackRequestReceiver;
  /** Bot token (`xoxb-…`); without one the app still answers requests but cannot call the Web API. */
  botToken?: string;
  /** `SLACK_API_URL`. */
  apiUrl?: string;
  logger?: SlackLogger;
}

/**
 * A Bolt app fed by {@link SlackRequestReceiver}. The single workspace's bot token is
 * handed to every listener without an `auth.test` round trip per request; the bot
 * subscribes to no message events, so Bolt's "ignore self" filter (which needs the bot's
 * ids) is off, as is its in-memory conversation store.
 */
export function createBoltApp(options: BoltAppOptions): App {
  const logger = options.logger ?? silentSlackLogger;
  return new App({
    receiver: options.receiver,
    authorize: () => Promise.resolve(options.botToken !== undefined ? { botToken: options.botToken } : {}),
    ignoreSelf: false,
    convoStore: false,
    logger: toBoltLogger(logger),
    clientOptions: slackClientOptions({ ...(options.apiUrl !== undefined ? { apiUrl: options.apiUrl } : {}), logger }),
  });
}
