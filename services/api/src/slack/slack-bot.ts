import {
  createBoltApp,
  createSlackNotifier,
  SlackRequestReceiver,
  type SlackNotifier,
  type SlackApp,
  type SlackHttpAnswer,
  type SlackHttpRequest,
  type SlackLogger,
} from '@clos/slack';
import { createPgDemoStore, createPgIdeaStore, createPgStandupStore } from '@clos/platform';
import { podById } from '@clos/domain';
import { auditWriter, type BotContext } from './bot-context.js';
import { createClosServices } from '../rest/services/clos-services.js';
import { createSlackServices } from './slack-services.js';
import { registerCommands } from './register-commands.js';
import { registerInteractions } from './register-interactions.js';
import { registerLeadership } from './leadership/index.js';
import type { SlackBotDependencies } from './slack-bot-dependencies.js';
import { USAGE_COUNTERS, usageCounter } from '../usage/index.js';

/** The Slack bot: hand it each request to `POST /slack/events`. */
export interface SlackBot {
  /** Verifies, dedupes and dispatches one request; never throws. */
  handle(request: SlackHttpRequest): Promise<SlackHttpAnswer>;
  /** Resolves when no listener is still working after its answer (tests, shutdown). */
  idle(): Promise<void>;
  /** Drains listeners still working. */
  stop(): Promise<void>;
  /** The sender every message of the bot goes through. */
  readonly notifier: SlackNotifier;
  readonly app: SlackApp;
}

const noLogger: SlackLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Builds the bot: the Bolt app on a receiver the api feeds, the stores on Postgres, and the
 * paced, deduplicated sender (the Web API with a bot token, a logging dry run without).
 */
export function createSlackBot(deps: SlackBotDependencies): SlackBot {
  const logger: SlackLogger = deps.logger ?? noLogger;
  const now = deps.now ?? (() => new Date());
  const notifier =
    deps.notifier ??
    createSlackNotifier({
      botToken: deps.botToken,
      apiUrl: deps.apiUrl,
      db: deps.pool,
      channelFor: (podId) => podById(deps.config.current(), podId)?.slackChannel,
      logger,
      now,
    });
  const services = createClosServices({
    pool: deps.pool,
    temporal: deps.temporal,
    config: deps.config,
    now,
    workflowTimeoutMs: deps.workflowTimeoutMs ?? 10_000,
    ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}),
    ...(deps.dataKeys !== undefined ? { dataKeys: deps.dataKeys } : {}),
    ...(deps.github !== undefined ? { github: deps.github } : {}),
  });
  const slackServices = createSlackServices({ services, config: deps.config, pool: deps.pool });
  const ctx: BotContext = {
    services: slackServices.services,
    access: slackServices.access,
    config: () => deps.config.current(),
    stores: {
      standups: deps.stores?.standups ?? createPgStandupStore(deps.pool),
      ideas: deps.stores?.ideas ?? createPgIdeaStore(deps.pool),
      demos: deps.stores?.demos ?? createPgDemoStore(deps.pool),
    },
    notifier,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    github: deps.github,
    now,
    logger: deps.logger,
    staleAfterDays: deps.staleAfterDays ?? 3,
    audit: auditWriter(deps.pool),
    db: deps.pool,
  };
  // Signatures are checked against the system clock: `now` moves the bot's calendar, not Slack's.
  const receiver = new SlackRequestReceiver({ signingSecret: deps.signingSecret ?? '', claims: deps.idempotency, logger });
  const app = createBoltApp({
    receiver,
    ...(deps.botToken !== undefined ? { botToken: deps.botToken } : {}),
    ...(deps.apiUrl !== undefined ? { apiUrl: deps.apiUrl } : {}),
    logger,
  });
  const budgetMs = deps.answerBudgetMs ?? 2_000;
  // Counted once verified and deduplicated (listeners only see such requests), for GET /api/metrics.
  const countCommand = usageCounter(deps.pool, USAGE_COUNTERS.slackCommand, (error) => logger.warn({ err: String(error) }, 'could not count a Slack command'), now);
  app.use(async ({ body, next }) => {
    if (typeof (body as { command?: unknown }).command === 'string') countCommand();
    await next();
  });
  registerCommands(app, ctx, budgetMs);
  registerInteractions(app, ctx);
  registerLeadership(app, ctx, budgetMs);
  return {
    handle: (request) => receiver.handle(request),
    idle: () => receiver.idle(),
    stop: () => receiver.stop(),
    notifier,
    app,
  };
}
