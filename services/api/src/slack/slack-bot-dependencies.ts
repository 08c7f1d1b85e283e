import type { ConfigSource } from '@clos/app';
import type { GithubClient } from '@clos/github';
import type { IdempotencyStore, Logger, DemoStore, IdeaStore, StandupStore } from '@clos/platform';
import type { SlackNotifier } from '@clos/slack';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { DataKeyring } from '../leadership/index.js';

/** Where the current clos.yml is read from: the live policy, whose new versions show up at once. */
export type { ConfigSource };

/** What the Slack bot needs. */
export interface SlackBotDependencies {
  /** Slack's signing secret; without one every request is refused with 401. */
  signingSecret: string | undefined;
  /** Bot token (`xoxb-…`); without one messages go to a dry-run sink that logs them. */
  botToken?: string | undefined;
  /** `SLACK_API_URL` (Slack's own by default). */
  apiUrl?: string;
  config: ConfigSource;
  /** Postgres: standups, blockers, ideas, demos, the message ledger and the audit log. */
  pool: pg.Pool;
  temporal: Client;
  /** Task queue the enforcement workflows run on, for workflows started from Slack. */
  taskQueue?: string;
  /** Dedupes Slack's retries across api instances. */
  idempotency: IdempotencyStore;
  /** Turns accepted ideas into GitHub issues; the button is not offered without it. */
  github?: GithubClient;
  /** Keys of the leadership records' encrypted text (CLOS_DATA_KEY); /checkin and /decide say they are unavailable without them. */
  dataKeys?: DataKeyring;
  /** Overrides of the stores and the sender built from `pool` and `botToken` (tests). */
  stores?: Partial<SlackStores>;
  notifier?: SlackNotifier;
  now?: () => Date;
  logger?: Logger;
  /**
   * How long a command may work before its answer goes through `response_url` instead of
   * the HTTP response. Slack waits 3 s; default 2 s.
   */
  answerBudgetMs?: number;
  /** How long a workflow may take to answer a service call before it fails as Unavailable (default 10 s). */
  workflowTimeoutMs?: number;
  /** A WIP holder older than this many days is stale and offered a release button. Default 3. */
  staleAfterDays?: number;
}

/** The bot's records. */
export interface SlackStores {
  standups: StandupStore;
  ideas: IdeaStore;
  demos: DemoStore;
}
