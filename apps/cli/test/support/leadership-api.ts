import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseClosConfig } from '@clos/domain';
import { buildServer } from '@clos/api';
import { insertToken, type PodRoles } from '@clos/api/auth';
import { createTestDatabase } from '@clos/devstack';
import { ConfigHolder, createPool, loadConfig, syncConfigToDb } from '@clos/platform';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { runCli, type ExitCode } from '../../src/cli.js';

/** A clos.yml with four people in one pod, and one in another. */
export const LEADERSHIP_CLOS_YML = `
org: acme
timezone: Europe/Berlin
pods:
  - id: payments
    name: Payments
    wipLimit: 3
    repos: [acme/payments-api]
    members:
      - { github: alice, role: lead }
      - { github: bob, role: member }
      - { github: carol, role: member }
      - { github: dave, role: member }
  - id: growth
    name: Growth
    wipLimit: 2
    repos: [acme/growth-web]
    members:
      - { github: root, role: admin }
`;

/** The real api listening on a free port, on a database of its own, with a data key. */
export interface LeadershipApi {
  url: string;
  pool: pg.Pool;
  app: FastifyInstance;
  /** A token acting for `person` (or for nobody). */
  token(name: string, roles: PodRoles, person?: string): Promise<string>;
  /** Runs `clos <args>` against this api with `token`. */
  clos(token: string | undefined, ...args: string[]): Promise<{ code: ExitCode; stdout: string; stderr: string }>;
  /** Same with extra environment. */
  closWith(env: Record<string, string>, ...args: string[]): Promise<{ code: ExitCode; stdout: string; stderr: string }>;
  configDir: string;
  close(): Promise<void>;
}

/** Starts the api with its REST routes (no workflows: the leadership layer needs none). */
export async function startLeadershipApi(): Promise<LeadershipApi> {
  const { env } = loadConfig({ require: ['TEMPORAL_ADDRESS'] });
  const pool = createPool({ connectionString: await createTestDatabase(), max: 6, applicationName: 'clos-cli-leadership-test' });
  const config = parseClosConfig(LEADERSHIP_CLOS_YML, 'clos.yml');
  await syncConfigToDb(pool, config);
  // Lazy: nothing here calls a workflow, so it never connects.
  const connection = Connection.lazy({ address: env.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const dataKeys = { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) };
  const app = await buildServer({ healthChecks: [], rest: { pool, temporal, config: new ConfigHolder(config), dataKeys, rateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const configDir = await mkdtemp(join(tmpdir(), 'clos-cli-'));
  const closWith = async (extra: Record<string, string>, ...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: { CLOS_API_URL: url, ...extra },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      now: () => new Date(),
      user: 'test',
      configDir,
    });
    return { code, stdout, stderr };
  };
  return {
    url,
    pool,
    app,
    configDir,
    async token(name, roles, person) {
      return (await insertToken(pool, { name, roles, expiresAt: null, createdBy: 'test', personId: person ?? null })).token;
    },
    clos: (token, ...args) => closWith(token === undefined ? {} : { CLOS_TOKEN: token }, ...args),
    closWith,
    async close() {
      await app.close();
      await connection.close().catch(() => undefined);
      await pool.end();
    },
  };
}
