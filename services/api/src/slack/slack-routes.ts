import type { FastifyInstance } from 'fastify';
import { keepRawBodies, rawBodyOf } from '../webhooks/raw-body.js';
import type { SlackBot } from './slack-bot.js';

/**
 * `POST /slack/events` — slash commands, interactivity and the Events API on one URL, as
 * the app manifest declares. The raw bytes go to the bot, which verifies Slack's v0
 * signature over them; a forged or stale request gets 401, an unreadable one 400.
 */
export function slackRoutes(bot: SlackBot) {
  return async function slack(scope: FastifyInstance): Promise<void> {
    keepRawBodies(scope);
    scope.addHook('onClose', async () => {
      await bot.stop();
    });
    scope.post('/slack/events', async (request, reply) => {
      const answer = await bot.handle({ rawBody: rawBodyOf(request.body), headers: request.headers });
      if (answer.error !== undefined) {
        request.log.info({ status: answer.status, code: answer.error.code }, 'slack: request refused');
        return reply.code(answer.status).send({ error: answer.error });
      }
      if (answer.body === undefined) return reply.code(answer.status).send();
      if (typeof answer.body === 'string') return reply.code(answer.status).type('text/plain; charset=utf-8').send(answer.body);
      return reply.code(answer.status).send(answer.body);
    });
  };
}
