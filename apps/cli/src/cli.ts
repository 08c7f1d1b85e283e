import { ClosError } from '@clos/domain/errors';
import { DEFAULT_TOKEN_LIFETIME, LOGIN_LINK_MINUTES } from '@clos/api/auth/lifetimes';
import { loadSettings } from './settings.js';
import { Command, CommanderError } from 'commander';
import type pg from 'pg';
import type { CliIo } from './cli-io.js';
import { registerAuditCommands } from './commands/audit-commands.js';
import { registerEventsCommands } from './commands/events-commands.js';
import { registerDigestCommands } from './commands/digest-commands.js';
import { registerDemoCommands } from './commands/demo-commands.js';
import { registerDoctorCommand } from './commands/doctor-command.js';
import { registerLeadershipCommands } from './commands/leadership-commands.js';
import { registerSpecCommands } from './commands/spec-commands.js';
import { UsageError } from './commands/command-context.js';

/** Exit status: 0 done, 1 refused or failed, 2 bad usage. */
export type ExitCode = 0 | 1 | 2;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Runs `clos <args>`. Token commands talk to Postgres directly (DATABASE_URL): the first
 * admin token has to come from somewhere before the API can be called.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  let pool: pg.Pool | undefined;
  const db = async (): Promise<pg.Pool> => {
    if (pool === undefined) {
      const { env } = await loadSettings({ ...(io.env !== undefined ? { env: io.env } : {}), require: ['DATABASE_URL'] });
      // Loaded on use: only the bootstrap commands open the database.
      const { createPool } = await import('@clos/platform');
      // The key too: the bootstrap commands append to the audit log, which stays one keyed chain.
      pool = createPool({ connectionString: env.DATABASE_URL, max: 2, applicationName: 'clos-cli', auditChainKey: env.AUDIT_CHAIN_KEY });
    }
    return pool;
  };

  let exitCode: ExitCode = 0;
  const program = buildProgram(io, db, () => {
    exitCode = 1;
  });

  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit cleanly; commander already printed what was wrong otherwise.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`clos: ${error.message}\n`);
      return 2;
    }
    // EnvConfigError is a ClosError too.
    if (error instanceof ClosError) {
      io.stderr(`clos: ${error.message}\n`);
      return 1;
    }
    io.stderr(`clos: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await pool?.end();
  }
}

/**
 * Every `clos` command, as commander holds them: what runCli parses and what shell
 * completion lists. `db` opens the token store on first use; `onDoctorFailed` marks a
 * doctor run that found a blocker.
 */
export function buildProgram(io: CliIo, db: () => Promise<pg.Pool>, onDoctorFailed: () => void): Command {
  const program = new Command('clos')
    .description('CLOS: enforced WIP limits and stage gates')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const token = program.command('token').description('Issue, list and revoke API tokens (reads DATABASE_URL)');
  token
    .command('create')
    .description('Issue an API token; prints it once')
    .requiredOption('--name <name>', 'what the token is for, e.g. ci-deploy')
    .option('--role <pod:role>', 'a role: <pod>:viewer|member|lead, *:<role> for every pod, or admin (repeatable)', collect, [])
    .option('--expires <lifetime>', 'lifetime: 30d, 12h, 90m, or never', DEFAULT_TOKEN_LIFETIME)
    .option('--person <member>', 'the clos.yml member the token acts for (id or GitHub login); needed for personal records')
    .option('--json', 'print the token and its details as JSON')
    .action(async (options: { name: string; role: string[]; expires: string; person?: string; json?: boolean }) => {
      await (await import('./token-commands.js')).createTokenCommand(await db(), io, options);
    });
  token
    .command('list')
    .description('List active tokens, newest first')
    .option('--all', 'include expired and revoked tokens')
    .option('--json', 'print JSON')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      await (await import('./token-commands.js')).listTokensCommand(await db(), io, options);
    });
  token
    .command('revoke')
    .description('Revoke a token at once')
    .argument('<id>', 'token id, as "clos token list" shows it')
    .action(async (id: string) => {
      await (await import('./token-commands.js')).revokeTokenCommand(await db(), io, id);
    });

  program
    .command('login-link')
    .description('Print a one-time link that opens a browser session (reads DATABASE_URL; PUBLIC_URL or PORT for the address)')
    .requiredOption('--name <who>', 'who the session is for, as listings and the audit log show it')
    .option('--role <pod:role>', 'a role: <pod>:viewer|member|lead, *:<role> for every pod (repeatable)', collect, [])
    .option('--admin', 'an organisation admin session')
    .option('--minutes <n>', 'minutes until the link stops working', String(LOGIN_LINK_MINUTES))
    .option('--next <path>', 'the page to open after logging in, e.g. /api/pods')
    .option('--url <base>', 'the api address the link points at (default PUBLIC_URL, else http://localhost:$PORT)')
    .option('--person <member>', 'the clos.yml member the session acts for (id or GitHub login)')
    .option('--json', 'print the link and its details as JSON')
    .action(async (options: { name: string; role: string[]; admin?: boolean; minutes: string; next?: string; url?: string; person?: string; json?: boolean }) => {
      const { env } = await loadSettings(io.env !== undefined ? { env: io.env } : {});
      const baseUrl = options.url ?? env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
      await (await import('./login-link-command.js')).loginLinkCommand(await db(), io, { ...options, baseUrl });
    });

  registerLeadershipCommands(program, io);

  registerAuditCommands(program, io);

  registerEventsCommands(program, io);

  registerDigestCommands(program, io);

  registerSpecCommands(program, io);

  registerDemoCommands(program, io);

  registerDoctorCommand(program, io, onDoctorFailed);
  return program;
}
