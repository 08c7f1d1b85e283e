import type { ClosConfig } from '@clos/domain';
import type { GithubClient } from '@clos/github';
import { appendAudit, type Logger, type Queryable } from '@clos/platform';
import type { SlackNotifier } from '@clos/slack';
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { SlackStores } from './slack-bot-dependencies.js';
import type { SlackAccess, SlackServices } from './slack-services.js';

/** Everything a command or action handler works with, resolved once when the bot is built. */
export interface BotContext {
  config(): ClosConfig;
  stores: SlackStores;
  /** Postgres, for reads no store covers (the facts of a digest preview). */
  db: pg.Pool;
  notifier: SlackNotifier;
  temporal: Client;
  taskQueue: string | undefined;
  github: GithubClient | undefined;
  now(): Date;
  logger: Logger | undefined;
  staleAfterDays: number;
  /**
   * The application services for a caller, under the REST access rules: every change to
   * enforcement goes through them, so Slack is judged and audited as REST is.
   */
  services: SlackServices;
  /** The same access rules asked without a call: which form to open, which button to offer. */
  access: SlackAccess;
  /** Appends to the audit log; the actor is a person id, or `slack:<user id>` for a stranger. */
  audit(entry: { actor: string; action: string; target?: string; details?: Record<string, unknown> }): Promise<void>;
}

/** Builds the audit writer over the pool. */
export function auditWriter(pool: Queryable): BotContext['audit'] {
  return async (entry) => {
    await appendAudit(pool, { ...entry, details: { via: 'slack', ...(entry.details ?? {}) } });
  };
}
