import { readFileSync } from 'node:fs';
import { COMMANDS } from '../src/slack/index.js';

interface Manifest {
  features: { slash_commands: { command: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

const manifest = JSON.parse(readFileSync(new URL('../../../integrations/slack/manifest.json', import.meta.url), 'utf8')) as Manifest;

describe('the Slack app manifest', () => {
  it('declares exactly the commands the bot serves, all on POST /slack/events', () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...COMMANDS].sort());
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to the one event the bot handles and asks for the scopes it uses', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_mention']);
    // commands: slash commands; chat:write: replies and direct messages; chat:write.public: pod
    // channels the bot was not invited to; app_mentions:read: the app_mention event.
    expect(manifest.oauth_config.scopes.bot).toEqual(['app_mentions:read', 'chat:write', 'chat:write.public', 'commands']);
  });
});
