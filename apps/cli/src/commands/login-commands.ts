import { password } from './prompts.js';
import { loadSettings } from '../settings.js';
import type { Command } from 'commander';
import { readCredentials, removeCredentials, writeCredentials } from '../credentials.js';
import { createApiClient, DEFAULT_API_URL } from '../http/api-client.js';
import { withJson, type CommandContext } from './command-context.js';

/** `clos login` / `clos logout`: keep a token for the commands that call the api. */
export function registerLoginCommands(program: Command, ctx: CommandContext): void {
  withJson(
    program
      .command('login')
      .description('Check a token against the api and store it (mode 0600) for later commands; CLOS_TOKEN wins over it')
      .option('--token <token>', 'the API token (asked for on a terminal)')
      .option('--url <url>', `the api (default CLOS_API_URL, else ${DEFAULT_API_URL})`),
  ).action(async (o: { token?: string; url?: string; json?: boolean }) => {
    const { env } = await loadSettings(ctx.io.env !== undefined ? { env: ctx.io.env } : {});
    const token = await ctx.need(o.token, '--token TOKEN', () => password({ message: 'API token (clos_…)', mask: true }));
    const apiUrl = (o.url ?? env.CLOS_API_URL ?? (await readCredentials(ctx.configDir))?.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    const client = createApiClient({ baseUrl: apiUrl, token, ...(ctx.io.fetch !== undefined ? { fetch: ctx.io.fetch } : {}) });
    const me = await client.get<{ name: string; tokenId: string; expiresAt: string | null }>('/api/me');
    const path = await writeCredentials(ctx.configDir, { apiUrl, token });
    ctx.emit(o.json, { apiUrl, name: me.name, tokenId: me.tokenId, expiresAt: me.expiresAt, path }, () => `Logged in to ${apiUrl} as "${me.name}"; token stored in ${path} (readable by you only).`);
  });

  program
    .command('logout')
    .description('Forget the stored token')
    .action(async () => {
      await removeCredentials(ctx.configDir);
      ctx.io.stderr('Logged out: the stored token is gone (revoke it with "clos token revoke" if it leaked).\n');
    });
}
