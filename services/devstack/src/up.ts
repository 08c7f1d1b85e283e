import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { retireOrphanedCheckpoint } from './orphaned-checkpoint.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureServiceRole, migrate, withCredentials } from '@clos/database';
import { parseClosConfig } from '@clos/domain';
import { closServiceArgs } from './clos-services.js';
import { demoSettings, type DemoSettings } from './demo-settings.js';
import { ensureDatabase, withDatabase } from './databases.js';
import { ensureDashboardBuild } from './dashboard-build.js';
import { LOCAL_SERVICE_ROLE, localSecrets } from './local-secrets.js';
import { ensureTools, findOnPath } from './ensure-tools.js';
import { printPrefixed } from './log-prefix.js';
import { assertPortsFree } from './port-check.js';
import { onShutdownSignal } from './shutdown-signal.js';
import { startStack, type StackComponent } from './stack.js';
import { superviseChild } from './supervised-child.js';
import { claimDataDir } from './supervisor-lock.js';
import { findRepoRoot } from './repo-root.js';
import { parseUpArgs } from './up-args.js';
import { formatBanner } from './up-banner.js';
import { loadUpConfig, type UpConfig } from './up-config.js';
import { validateClosConfigFile } from './validate-clos-config.js';
import { httpAnswers, waitUntil } from './wait-until.js';

/** The CLOS services `npm run up` runs, each from its TypeScript entry. */
const SERVICES = ['api', 'processor', 'worker'] as const;

/** The database `npm run up` keeps the durable record in. */
const DATABASE = 'clos';

/** How long the api may take to report healthy before we say so. */
const HEALTHY_WITHIN_MS = 120_000;

const note = (message: string) => printPrefixed('up', message);

const execFileAsync = promisify(execFile);

/**
 * `npm run up`: one supervised process tree with the embedded Postgres, the
 * Temporal dev server and dynalite (each replaced by an external one when
 * DATABASE_URL / TEMPORAL_ADDRESS / DYNAMODB_ENDPOINT is set), migrations,
 * then the api, the processor and the worker. Ctrl-C (SIGINT) or SIGTERM
 * stops the services first, then the servers they use.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadUpConfig(process.env, process.cwd(), findRepoRoot());
  const args = parseUpArgs(process.argv.slice(2), config.demoConfig);
  validateClosConfigFile(config.closConfigPath);
  note(`clos.yml ${config.closConfigPath}${config.demoConfig ? ' (demo data; set CLOS_CONFIG to use your own)' : ''}`);
  const demo = args.demo ? demoSettings(config.dataDir, config.env) : undefined;

  const cleanups: Array<() => Promise<void> | void> = [];
  let stopRequested = false;
  const stopSignal = new Promise<void>((resolve) =>
    onShutdownSignal((signal) => {
      stopRequested = true;
      note(`${signal}: stopping`);
      resolve();
    }),
  );
  try {
    mkdirSync(config.dataDir, { recursive: true });
    cleanups.push(claimDataDir(join(config.dataDir, 'run', 'supervisor.json'), config.dataDir, fileURLToPath(import.meta.url)));
    const components = embeddedComponents(config);
    await assertPortsFree([
      ...portsToBind(config, components),
      ...(demo !== undefined
        ? [
            { port: demo.githubPort, variable: 'CLOS_DEMO_GITHUB_PORT' },
            { port: demo.controlPort, variable: 'CLOS_DEMO_PORT' },
          ]
        : []),
    ]);

    const temporalBinary = components.includes('temporal') ? await temporalCli(config) : undefined;
    // A new embedded database starts a new audit chain: the checkpoint of the one before (a
    // removed .clos/postgres) anchors nothing in it, and would report its whole tail missing.
    if (components.includes('postgres')) {
      const retired = retireOrphanedCheckpoint(config.dataDir);
      if (retired !== undefined) note(`new database: the audit checkpoint of the one before is kept as ${retired}`);
    }
    const stack = await startStack({
      components,
      dir: config.dataDir,
      persistent: true,
      ports: config.ports,
      temporalUi: true,
      ...(temporalBinary ? { binaries: { temporal: temporalBinary } } : {}),
      onLine: (component, line) => {
        // While it stops, the dev server warns about every internal poller it cuts off.
        if (stopRequested && component === 'temporal') return;
        // After a pause (the laptop slept, the stack was stopped for the night) the dev server
        // warns once per schedule run it skipped; the schedules simply carry on from now.
        if (component === 'temporal' && line.includes('msg="Schedule missed catchup window"')) return;
        printPrefixed(component, line);
      },
    });
    cleanups.push(() => stack.stop());
    note(`${components.length > 0 ? components.join(', ') : 'no embedded server'} ready after ${seconds(startedAt)} s`);
    if (stopRequested) return;

    // Migrations run as the owner; the services connect as a least-privilege role (made
    // here for the embedded Postgres; an external DATABASE_URL is used as given).
    const secrets = localSecrets(config.dataDir);
    const databaseUrl = config.external.databaseUrl
      ? (config.env.DATABASE_MIGRATION_URL?.trim() || config.external.databaseUrl)
      : withDatabase(stack.postgres!.adminUrl, DATABASE);
    if (stack.postgres) await ensureDatabase(stack.postgres.adminUrl, DATABASE);
    const applied = await migrate({ databaseUrl });
    note(applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database up to date');
    let serviceDatabaseUrl = config.external.databaseUrl ?? databaseUrl;
    if (stack.postgres) {
      await ensureServiceRole({ adminUrl: databaseUrl, username: LOCAL_SERVICE_ROLE, password: secrets.servicePassword });
      serviceDatabaseUrl = withCredentials(databaseUrl, LOCAL_SERVICE_ROLE, secrets.servicePassword);
    }
    if (stopRequested) return;

    // The api serves the dashboard's static export at / when it exists; build it if stale.
    const dashboardBuilt = await ensureDashboardBuild({ repoRoot: config.repoRoot, log: note }).then(
      () => true,
      (error: unknown) => {
        note(`the dashboard is not served: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
    );
    if (stopRequested) return;

    const temporalAddress = config.external.temporalAddress ?? stack.temporal!.address;
    const dynamodbEndpoint = config.external.dynamodbEndpoint ?? stack.dynalite!.endpoint;
    const env = serviceEnv(config, { databaseUrl: serviceDatabaseUrl, temporalAddress, dynamodbEndpoint });
    env.AUDIT_CHAIN_KEY ||= secrets.auditChainKey;
    // Leadership records are encrypted at rest; locally with a key kept beside the data it protects.
    env.CLOS_DATA_KEY ||= secrets.dataKey;
    if (demo !== undefined) {
      Object.assign(env, demoServiceEnv(env, demo));
      // The demo backfills its history and serves the GitHub stand-in before the services start,
      // so the worker's first health scan already has a month of data and its GitHub answers.
      const demoChild = superviseChild({
        name: 'demo',
        command: process.execPath,
        args: ['--conditions=@clos/source', '--import', 'tsx', join(config.repoRoot, 'apps/cli/src/demo-main.ts')],
        env: { ...env, DATABASE_URL: databaseUrl },
        cwd: config.repoRoot,
        onLine: (line) => printPrefixed('demo', line),
        onEvent: (message) => printPrefixed('demo', message),
      });
      cleanups.push(() => demoChild.stop());
      await Promise.race([
        waitUntil(() => httpAnswers(`http://127.0.0.1:${demo.githubPort}/repos/demo/demo/pulls`), {
          what: 'the demo GitHub stand-in to answer',
          timeoutMs: HEALTHY_WITHIN_MS,
          intervalMs: 250,
        }),
        stopSignal,
      ]);
      if (stopRequested) return;
    }
    const children = SERVICES.map((service) =>
      superviseChild({
        name: service,
        command: process.execPath,
        args: closServiceArgs(service, config.repoRoot),
        env,
        cwd: config.repoRoot,
        onLine: (line) => printPrefixed(service, line),
        onEvent: (message) => printPrefixed(service, message),
      }),
    );
    cleanups.push(async () => {
      await Promise.all(children.map((child) => child.stop()));
    });

    const apiUrl = `http://127.0.0.1:${config.ports.api}`;
    const healthy = waitUntil(() => httpAnswers(`${apiUrl}/healthz`, (status) => status === 200), {
      what: `${apiUrl}/healthz to answer 200`,
      timeoutMs: HEALTHY_WITHIN_MS,
      intervalMs: 250,
    }).then(
      async () => {
        // With the dashboard served, the link lands on it; otherwise on GET /api/me.
        const loginUrl = await adminLoginLink(config, env, apiUrl, dashboardBuilt ? '/' : undefined);
        console.log(
          formatBanner({
            apiUrl,
            ...(dashboardBuilt ? { dashboardUrl: `${apiUrl}/` } : {}),
            ...(loginUrl !== undefined ? { loginUrl } : {}),
            temporalAddress,
            ...(stack.temporal?.uiUrl ? { temporalUiUrl: stack.temporal.uiUrl } : {}),
            databaseUrl,
            dynamodbEndpoint,
            dataDir: config.dataDir,
            closConfigPath: config.closConfigPath,
            ...(demo !== undefined ? { demoCommand: `npm run clos -- demo open-pr --pod ${firstPodId(config.closConfigPath)}` } : {}),
            seconds: (Date.now() - startedAt) / 1000,
          }),
        );
      },
      (error: unknown) => note(`not healthy yet: ${error instanceof Error ? error.message : String(error)}`),
    );
    await Promise.race([healthy, stopSignal]);
    await stopSignal;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
  note('stopped');
}

/**
 * A one-time admin login link from `clos login-link`, so the first browser session needs
 * no token; `undefined` (with a note) when it could not be made.
 */
async function adminLoginLink(config: UpConfig, env: NodeJS.ProcessEnv, apiUrl: string, next?: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--conditions=@clos/source', '--import', 'tsx', join(config.repoRoot, 'apps/cli/src/main.ts'), 'login-link', '--admin', '--name', 'local admin (npm run up)', '--url', apiUrl, ...(next !== undefined ? ['--next', next] : [])],
      { env, cwd: config.repoRoot, timeout: 30_000 },
    );
    return stdout.trim() || undefined;
  } catch (error) {
    note(`no login link: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/**
 * What the services need for the demo: its webhook and Slack signing secrets, and GitHub
 * pointed at the local stand-in unless real GitHub credentials are set.
 */
function demoServiceEnv(env: NodeJS.ProcessEnv, demo: DemoSettings): NodeJS.ProcessEnv {
  const realGithub = Boolean(env.GITHUB_TOKEN?.trim() || env.GITHUB_APP_ID?.trim());
  return {
    GITHUB_WEBHOOK_SECRET: env.GITHUB_WEBHOOK_SECRET?.trim() || demo.githubWebhookSecret,
    LINEAR_WEBHOOK_SECRET: env.LINEAR_WEBHOOK_SECRET?.trim() || demo.linearWebhookSecret,
    SLACK_SIGNING_SECRET: env.SLACK_SIGNING_SECRET?.trim() || demo.slackSigningSecret,
    ...(realGithub ? {} : { GITHUB_API_URL: `http://127.0.0.1:${demo.githubPort}`, GITHUB_TOKEN: 'demo-stand-in' }),
  };
}

/** The first pod of the clos.yml, for the banner's "try it" command. */
function firstPodId(closConfigPath: string): string {
  return parseClosConfig(readFileSync(closConfigPath, 'utf8'), closConfigPath).pods[0]?.id ?? 'alpha';
}

/** The servers to embed: each one not replaced by an external endpoint. */
function embeddedComponents(config: UpConfig): StackComponent[] {
  return [
    ...(config.external.databaseUrl ? [] : (['postgres'] as const)),
    ...(config.external.temporalAddress ? [] : (['temporal'] as const)),
    ...(config.external.dynamodbEndpoint ? [] : (['dynalite'] as const)),
  ];
}

function portsToBind(config: UpConfig, components: readonly StackComponent[]) {
  const { ports } = config;
  return [
    { port: ports.api, variable: 'PORT' },
    ...(components.includes('postgres') ? [{ port: ports.postgres, variable: 'CLOS_POSTGRES_PORT' }] : []),
    ...(components.includes('temporal')
      ? [
          { port: ports.temporal, variable: 'CLOS_TEMPORAL_PORT' },
          { port: ports.temporalUi, variable: 'CLOS_TEMPORAL_UI_PORT' },
        ]
      : []),
    ...(components.includes('dynalite') ? [{ port: ports.dynalite, variable: 'CLOS_DYNAMODB_PORT' }] : []),
  ];
}

/** A `temporal` CLI on the PATH, else the pinned one (installed on first use). */
async function temporalCli(config: UpConfig): Promise<string> {
  const onPath = findOnPath('temporal', config.env.PATH);
  if (onPath) return onPath;
  return (await ensureTools({ tools: ['temporal'], repoRoot: config.repoRoot, log: note })).temporal;
}

/** The environment of the api, processor and worker. */
function serviceEnv(
  config: UpConfig,
  endpoints: { databaseUrl: string; temporalAddress: string; dynamodbEndpoint: string },
): NodeJS.ProcessEnv {
  const localAws = !config.external.dynamodbEndpoint;
  return {
    ...config.env,
    DATABASE_URL: endpoints.databaseUrl,
    TEMPORAL_ADDRESS: endpoints.temporalAddress,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    CLOS_CONFIG: config.closConfigPath,
    CLOS_DATA_DIR: config.dataDir,
    PORT: String(config.ports.api),
    AWS_REGION: config.env.AWS_REGION ?? 'us-east-1',
    // dynalite accepts any credentials; without some the AWS SDK refuses to send a request.
    ...(localAws && !config.env.AWS_ACCESS_KEY_ID
      ? { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_EC2_METADATA_DISABLED: 'true' }
      : {}),
  };
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`up: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

