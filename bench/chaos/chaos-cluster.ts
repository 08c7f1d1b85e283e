import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate } from '@clos/database';
import {
  ensureDatabase,
  getFreePorts,
  startClosServices,
  startDynalite,
  startPostgres,
  startTemporal,
  withDatabase,
  type ClosServices,
  type ClosServiceSpec,
  type RunningDynalite,
  type RunningPostgres,
  type RunningTemporal,
} from '@clos/devstack';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';

/** The secret the api verifies GitHub deliveries with; the chaos sender signs with it. */
export const CHAOS_GITHUB_SECRET = 'chaos-github-webhook-secret';

/** The services the run kills in turn, as separate OS processes. */
export type ServiceName = 'api' | 'processor-1' | 'processor-2' | 'worker';

const SERVICES: readonly (ClosServiceSpec & { name: ServiceName })[] = [
  { name: 'api', kind: 'api' },
  { name: 'processor-1', kind: 'processor' },
  { name: 'processor-2', kind: 'processor' },
  { name: 'worker', kind: 'worker' },
];

/** What the chaos run starts: real servers and the CLOS services, each killable. */
export interface ChaosCluster {
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  github: FakeGithub;
  /** The pid of a service's running process (the leader of its process group), `undefined` while it is down. */
  servicePid(name: ServiceName): number | undefined;
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
  /** Variables added to every service's environment. */
  env?: NodeJS.ProcessEnv;
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
  mkdirSync(options.dir, { recursive: true });
  const [pgPort, temporalPort, dynamoPort, apiPort] = await getFreePorts(4);
  const pgDataDir = join(options.dir, 'postgres');
  const startPg = (): Promise<RunningPostgres> => startPostgres({ dataDir: pgDataDir, port: pgPort!, onLine: () => undefined });

  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  let dynalite: RunningDynalite | undefined;
  let github: FakeGithub | undefined;
  let services: ClosServices | undefined;
  const stop = async (): Promise<void> => {
    await services?.stop();
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
      ...options.env,
    };
    services = startClosServices({
      services: SERVICES,
      env,
      onLine: options.onServiceLine,
      onEvent: (service, message) => options.log(`${service}: ${message}`),
      initialBackoffMs: 500,
      maxBackoffMs: 5_000,
    });
    const started = services;
    await started.ready('api', 180_000);

    const running = { postgres };
    return {
      apiUrl,
      databaseUrl,
      temporalAddress: temporal.address,
      github,
      servicePid: (name) => started.pid(name),
      killService: (name) => started.kill(name),
      async killPostgres() {
        const pid = running.postgres.process.pid;
        process.kill(-pid, 'SIGKILL');
        await running.postgres.process.exited;
        // A supervisor notices the crash and starts the same cluster again; Postgres replays its WAL.
        await sleep(1_000);
        running.postgres = await startPg();
        postgres = running.postgres;
      },
      restarts: () => started.restarts() as Record<ServiceName, number>,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls `probe` until it is true, or throws naming `what`. */
export async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}
