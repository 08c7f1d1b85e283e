import { WebClient, type WebClientOptions } from '@slack/web-api';
import { toBoltLogger, type SlackLogger } from '../slack-logger.js';

/** Slack's Web API; local stand-ins are reached by giving their URL instead. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** Options of {@link createSlackWebClient}. */
export interface SlackWebClientOptions {
  /** Bot token (`xoxb-…`). */
  token: string;
  /** `SLACK_API_URL`; Slack's own when omitted. */
  apiUrl?: string;
  logger?: SlackLogger;
  /**
   * Fail a 429 at once with the `Retry-After` it carried instead of waiting inside the
   * client: for callers that queue and pace their own sends (the notifier).
   */
  rejectRateLimitedCalls?: boolean;
  /** Retries of failed requests (network, 5xx); default 3. */
  retries?: number;
  /** Per-request timeout in ms; default 10 s. */
  timeoutMs?: number;
}

/** The client options Bolt and {@link createSlackWebClient} share. */
export function slackClientOptions(options: Omit<SlackWebClientOptions, 'token'>): WebClientOptions {
  return {
    slackApiUrl: ensureTrailingSlash(options.apiUrl ?? DEFAULT_SLACK_API_URL),
    timeout: options.timeoutMs ?? 10_000,
    retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 5_000, randomize: true },
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
    ...(options.logger !== undefined ? { logger: toBoltLogger(options.logger) } : {}),
  };
}

/** A Web API client for the bot token, pointed at `apiUrl`. */
export function createSlackWebClient(options: SlackWebClientOptions): WebClient {
  return new WebClient(options.token, slackClientOptions(options));
}

/** The Web API client joins method names to the URL, so it must end in a slash. */
function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
