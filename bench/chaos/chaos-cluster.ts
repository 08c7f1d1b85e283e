import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate } from '@clos/database';
import {
  ensureDatabase,
  findRepoRoot,
  getFreePorts,
  startDynalite,
  startPostgres,
  startTemporal,
  superviseChild,
  withDatabase,
  type RunningDynalite,
  type RunningPostgres,
  type RunningTemporal,
  type SupervisedChild,
} from '@clos/devstack';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';

/** The secret the api verifies GitHub deliveries with; the chaos sender signs with it. */
export const CHAOS_GITHUB_SECRET = 'chaos-github-webhook-secret';

/** The services the run kills in turn, as separate OS processes. */
export type ServiceName = 'api' | 'processor-1' | 'processor-2' | 'worker';

const SERVICES: readonly { name: ServiceName; entry: string }[] = [
  { name: 'api', entry: 'services/api/src/main.ts' },
  { name: 'processor-1', entry: 'services/processor/src/main.ts' },
  { name: 'processor-2', entry: 'services/processor/src/main.ts' },
  { name: 'worker', entry: 'workflows/src/worker-main.ts' },
];

/** What the chaos run starts: real servers and the CLOS services, each killable. */
export interface ChaosCluster {
  apiUrl: string;
  databaseUrl: string;
  github: FakeGithub;
  /** SIGKILLs a service's whole process group; its supervisor restarts it. */
  killService(name: ServiceName): Promise<void>;
  /** SIGKILLs Postgres (postmaster and backends), then starts it again on the same data, as a supervisor would. */
  killPostgres(): Promise<void>;
  /** Restarts of each service so far. */
  restarts(): Record<ServiceName, number>;
  stop(): Promise<void>;
}

/** Options of {@link startChaosCluster}. */
export interface ChaosClusterOptions {
  dir: string;
  closYml: string;
  log: (line: string) => void;
  /** Lines of the services' own output, for --verbose. */
  onServiceLine: (service: string, line: string) => void;
}

/**
 * Starts Postgres (durable: fsync on, so a kill -9 exercises crash recovery), the Temporal dev
 * server, dynalite and the GitHub stand-in, migrates, then runs the api, two processors and the
 * worker from their own entry points as supervised OS processes — the topology `npm run up`
 * and ECS run, not one process wiring them together.
 */
export async function startChaosCluster(options: ChaosClusterOptions): Promise<ChaosCluster> {
  const repoRoot = findRepoRoot();
  mkdirSync(options.dir, { recursive: true });
  const [pgPort, temporalPort, dynamoPort, apiPort] = await getFreePorts(4);
  const pgDataDir = join(options.dir, 'postgres');
  const startPg = (): Promise<RunningPostgres> => startPostgres({ dataDir: pgDataDir, port: pgPort!, onLine: () => undefined });

  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  let dynalite: RunningDynalite | undefined;
  let github: FakeGithub | undefined;
  const children = new Map<ServiceName, SupervisedChild>();
  const stop = async (): Promise<void> => {
    await Promise.allSettled([...children.values()].map((child) => child.stop()));
    await Promise.allSettled([github?.close(), dynalite?.stop(), temporal?.stop()]);
    await postgres?.stop().catch(() => undefined);
  };

  try {
    [postgres, temporal, dynalite, github] = await Promise.all([
      startPg(),
      startTemporal({ port: temporalPort!, onLine: () => undefined }),
      startDynalite({ port: dynamoPort!, onLine: () => undefined }),
      startFakeGithub(),
    ]);
    await ensureDatabase(postgres.adminUrl, 'clos');
    const databaseUrl = withDatabase(postgres.adminUrl, 'clos');
    await migrate({ databaseUrl });
    options.log(`postgres :${pgPort}, temporal ${temporal.address}, dynalite ${dynalite.endpoint}, github ${github.url}`);

    const closPath = join(options.dir, 'clos.yml');
    writeFileSync(closPath, options.closYml);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      DYNAMODB_ENDPOINT: dynalite.endpoint,
      CLOS_CONFIG: closPath,
      CLOS_DATA_DIR: join(options.dir, 'data'),
      PORT: String(apiPort),
      PUBLIC_URL: apiUrl,
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: 'chaos-token',
      GITHUB_WEBHOOK_SECRET: CHAOS_GITHUB_SECRET,
      LOG_LEVEL: 'warn',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    for (const service of SERVICES) {
      children.set(
        service.name,
        superviseChild({
          name: service.name,
          command: process.execPath,
          args: ['--conditions=@clos/source', '--import', 'tsx', join(repoRoot, service.entry)],
          env,
          cwd: repoRoot,
          onLine: (line) => options.onServiceLine(service.name, line),
          onEvent: (message) => options.log(`${service.name}: ${message}`),
          initialBackoffMs: 500,
          maxBackoffMs: 5_000,
        }),
      );
    }
    await waitForHealthy(apiUrl, 180_000);

    const running = { postgres };
    return {
      apiUrl,
      databaseUrl,
      github,
      async killService(name) {
        const child = children.get(name);
        const pid = child?.pid();
        if (pid === undefined) throw new Error(`${name} is not running`);
        // The service runs in a process group of its own: kill it whole, as a lost task would be.
        process.kill(-pid, 'SIGKILL');
        await waitFor(() => child?.pid() !== pid, 10_000, `${name} to exit`);
      },
      async killPostgres() {
        const pid = running.postgres.process.pid;
        process.kill(-pid, 'SIGKILL');
        await running.postgres.process.exited;
        // A supervisor notices the crash and starts the same cluster again; Postgres replays its WAL.
        await sleep(1_000);
        running.postgres = await startPg();
        postgres = running.postgres;
      },
      restarts: () => Object.fromEntries(SERVICES.map((s) => [s.name, children.get(s.name)?.restarts() ?? 0])) as Record<ServiceName, number>,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealthy(apiUrl: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      try {
        const response = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        return response.status === 200;
      } catch {
        return false;
      }
    },
    timeoutMs,
    `${apiUrl}/healthz to answer 200`,
  );
}

/** Polls `probe` until it is true, or throws naming `what`. */
export async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}
