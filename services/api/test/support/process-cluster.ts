import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEventRoute,
  createTestDatabase,
  createTestNamespace,
  getFreePort,
  startClosServices,
  testServiceUrl,
  type ClosServices,
  type ClosServiceSpec,
  type EventRoute,
} from '@clos/devstack';
import { startFakeGithub, type FakeGithub } from '@clos/github/testing';
import { createPool } from '@clos/platform';
import type pg from 'pg';
import { insertToken } from '../../src/auth/token-store.js';
import { signedDelivery } from './github-payloads.js';

/** The secret the cluster's api verifies GitHub deliveries with. */
const GITHUB_SECRET = 'process-cluster-github-secret';

/** Options of {@link startProcessCluster}. */
export interface ProcessClusterOptions {
  closYml: string;
  /** The processes to run; names are how the test addresses them. */
  services: readonly ClosServiceSpec[];
}

/** A GitHub delivery the test sent and how the api answered it. */
export interface SentDelivery {
  deliveryId: string;
  event: string;
  status: number;
}

/** One JSON log line of a service. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** CLOS as separate OS processes on EVENT_BUS=eventbridge, with the GitHub stand-in. */
export interface ProcessCluster {
  apiUrl: string;
  github: FakeGithub;
  services: ClosServices;
  /** The test database, as its owner. */
  pool: pg.Pool;
  route: EventRoute;
  /** Signs a delivery as GitHub does and posts it to the api process; answers the status. */
  sendGithub(event: string, payload: unknown, deliveryId?: string): Promise<number>;
  /** Every delivery sent, in order. */
  sent: readonly SentDelivery[];
  /** GET on the api process with an admin token; answers status and parsed body. */
  get<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  /** The JSON log lines of a service so far (every process it ran). */
  logs(service: string): LogLine[];
  /** The last lines of every service, for a failure's message. */
  tail(lines: number): string;
  stop(): Promise<void>;
}

/**
 * Runs `services` from their entry points against the shared test stack, isolated from every
 * other test file: a database, a Temporal namespace and task queue, DynamoDB tables and an
 * EventBridge bus → SQS queue of their own, and a GitHub stand-in. Resolves once every
 * process is ready (the api healthy, the others consuming).
 */
export async function startProcessCluster(options: ProcessClusterOptions): Promise<ProcessCluster> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  const lines = new Map<string, string[]>();
  try {
    const suffix = randomBytes(4).toString('hex');
    const databaseUrl = await createTestDatabase();
    const pool = createPool({ connectionString: databaseUrl, max: 4, applicationName: 'clos-process-cluster' });
    cleanups.push(() => pool.end());
    const [namespace, route, github, port, dir] = await Promise.all([
      createTestNamespace(),
      createEventRoute({ endpoint: requiredEnv('AWS_ENDPOINT_URL') }),
      startFakeGithub(),
      getFreePort(),
      mkdtemp(join(tmpdir(), 'clos-process-cluster-')),
    ]);
    cleanups.push(() => route.remove(), () => github.close());
    const closPath = join(dir, 'clos.yml');
    await writeFile(closPath, options.closYml);
    const apiUrl = `http://127.0.0.1:${port}`;

    const services = startClosServices({
      services: options.services,
      env: {
        ...process.env,
        // The least-privilege role, as the services log in in production.
        DATABASE_URL: testServiceUrl(databaseUrl),
        TEMPORAL_NAMESPACE: namespace,
        TEMPORAL_TASK_QUEUE: `clos-${suffix}`,
        DYNAMODB_TABLE_PREFIX: `clos-${suffix}`,
        EVENT_BUS: 'eventbridge',
        EVENT_BUS_NAME: route.busName,
        EVENT_QUEUE_URL: route.queueUrl,
        CLOS_CONFIG: closPath,
        CLOS_DATA_DIR: join(dir, 'data'),
        PORT: String(port),
        PUBLIC_URL: apiUrl,
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: 'ghp_process_cluster',
        GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
        LOG_LEVEL: 'info',
      },
      onLine: (service, line) => {
        const own = lines.get(service) ?? [];
        lines.set(service, own);
        own.push(line);
      },
      onEvent: (service, message) => lines.get(service)?.push(`[supervisor] ${message}`),
    });
    cleanups.push(() => services.stop());
    await Promise.all(options.services.map((s) => services.ready(s.name, 120_000)));

    const { token } = await insertToken(pool, { name: 'process cluster admin', roles: { '*': 'admin' }, expiresAt: null, createdBy: 'test' });
    const sent: SentDelivery[] = [];
    return {
      apiUrl,
      github,
      services,
      pool,
      route,
      sent,
      async sendGithub(event, payload, deliveryId = randomUUID()) {
        const delivery = signedDelivery({ event, payload, deliveryId, secret: GITHUB_SECRET });
        const response = await fetch(`${apiUrl}/webhooks/github`, { method: 'POST', headers: delivery.headers, body: delivery.body });
        await response.arrayBuffer();
        sent.push({ deliveryId, event, status: response.status });
        return response.status;
      },
      async get<T>(path: string) {
        const response = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
        return { status: response.status, body: (await response.json()) as T };
      },
      logs: (service) => (lines.get(service) ?? []).flatMap(parseLine),
      tail: (count) => [...lines].map(([service, own]) => `--- ${service}\n${own.slice(-count).join('\n')}`).join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function parseLine(line: string): LogLine[] {
  if (!line.startsWith('{')) return [];
  try {
    return [JSON.parse(line) as LogLine];
  } catch {
    return [];
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through the jest global setup (npm test)`);
  return value;
}
