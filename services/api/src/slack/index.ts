export { createSlackBot } from './slack-bot.js';
export type { SlackBot } from './slack-bot.js';
export { slackRoutes } from './slack-routes.js';
export type { ConfigSource, SlackBotDependencies, SlackStores } from './slack-bot-dependencies.js';
export { COMMANDS } from './commands/usage.js';
export { DEFAULT_ESCALATE_AFTER_DAYS, escalateAfterDays } from './commands/unblock-command.js';
