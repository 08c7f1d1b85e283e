import { createPgMessageLedger } from '../store/message-ledger.js';
import type { SqlClient } from '../store/sql-client.js';
import { silentSlackLogger, type SlackLogger } from '../slack-logger.js';
import { createSlackWebClient } from '../web/slack-web-client.js';
import { ChannelPacer } from './channel-pacer.js';
import { dryRunPoster, webApiPoster } from './message-poster.js';
import { SlackNotifier } from './slack-notifier.js';

/** Options of {@link createSlackNotifier}. */
export interface CreateSlackNotifierOptions {
  /** `SLACK_BOT_TOKEN`; without one messages go to a dry-run sink that logs them. */
  botToken?: string | undefined;
  /** `SLACK_API_URL`. */
  apiUrl?: string | undefined;
  /** Postgres, for the message ledger (table `slack_messages`). */
  db: SqlClient;
  /** The Slack channel of a pod, from clos.yml. */
  channelFor: (podId: string) => string | undefined;
  logger?: SlackLogger;
  now?: () => Date;
}

/**
 * The notifier a process sends every Slack message through: the Web API when a bot token
 * is configured (429s are waited out by the pacer, not the client), a logging dry run
 * otherwise.
 */
export function createSlackNotifier(options: CreateSlackNotifierOptions): SlackNotifier {
  const logger = options.logger ?? silentSlackLogger;
  const poster =
    options.botToken !== undefined
      ? webApiPoster(
          createSlackWebClient({
            token: options.botToken,
            ...(options.apiUrl !== undefined ? { apiUrl: options.apiUrl } : {}),
            rejectRateLimitedCalls: true,
            logger,
          }),
        )
      : dryRunPoster(logger);
  return new SlackNotifier({
    poster,
    ledger: createPgMessageLedger(options.db),
    channelFor: options.channelFor,
    pacer: new ChannelPacer(),
    logger,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
}
