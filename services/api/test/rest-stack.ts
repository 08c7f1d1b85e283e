import type { FastifyBaseLogger, FastifyInstance, LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { parseClosConfig } from '@clos/domain';
import { createTestDatabase } from '@clos/devstack';
import { appendAudit, createPool, loadConfig, syncConfigToDb } from '@clos/platform';
import type { EdgeBucket, RateLimitRule } from '../src/rate-limit/index.js';
import type { DataKeyring } from '../src/leadership/index.js';
import { ConfigHolder } from '@clos/processor';
import { insertToken } from '../src/auth/token-store.js';
import type { PodRoles } from '@clos/app';
import { createApiMetrics, type ApiMetrics } from '../src/metrics/index.js';
import type { RestDependencies } from '../src/rest/index.js';
import { buildServer } from '../src/server.js';
import type { ExplainDependencies } from '../src/explain/index.js';
import { startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

/** Options of {@link startRestStack}. */
export interface RestStackOptions {
  closYml: string;
  /**
   * Run the whole enforcement stack (worker, processor, GitHub stand-in) so the pod and
   * project workflows answer; false (default): a database and a Temporal client only.
   */
  workflows?: boolean;
  rateLimit?: RestDependencies['rateLimit'];
  /** "Sign in with GitHub" settings; /auth/github answers 404 without them. */
  githubLogin?: RestDependencies['githubLogin'];
  /** Where the audit chain's head is checkpointed (GET /api/audit/verify compares with it). */
  auditCheckpoints?: RestDependencies['auditCheckpoints'];
  /** Task queue the services start workflows on, for a test running its own worker (without `workflows`). */
  taskQueue?: string;
  /** Proxies whose X-Forwarded-For is believed; none (default): the peer is the client. */
  trustedProxies?: string[];
  /** Rate limits on the routes outside /api; none when omitted. */
  edgeLimits?: Partial<Record<EdgeBucket, RateLimitRule>>;
  /** The scrape token GET /metrics asks for. */
  metricsToken?: string;
  /** A logger whose lines a test reads. */
  logger?: FastifyBaseLogger;
  /** Serve the explanation pages (/why, /explain). */
  explain?: boolean;
  /** What the explanation pages ask GitHub: the config file reader, and who can see a repository. */
  explainGithub?: Pick<ExplainDependencies, 'github' | 'repositories'>;
  /** Keys of the leadership records' encrypted text; without them the leadership routes answer 503. */
  dataKeys?: DataKeyring;
  /** Lifetime of a cached read (default: the api's own). */
  readCacheMs?: number;
}

/** The api with its REST routes on a database of its own. */
export interface RestStack {
  app: FastifyInstance;
  pool: pg.Pool;
  temporal: Client;
  metrics: ApiMetrics;
  enforcement?: EnforcementStack;
  /** Issues a token straight into the record, acting for `personId` (a clos.yml member) when given. */
  issue(name: string, roles: PodRoles, expiresAt?: Date | null, personId?: string): Promise<{ token: string; id: string }>;
  /** Calls the api in-process. */
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options?: CallOptions): Promise<LightMyRequestResponse>;
  /** Audit rows, oldest first. */
  auditRows(): Promise<{ id: string; actor: string; action: string; target: string | null; details: Record<string, unknown>; source_ip: string | null }[]>;
  close(): Promise<void>;
}

/** How a test bends a call. */
export interface CallOptions {
  token?: string;
  /** The TCP peer's address (default 127.0.0.1). */
  remoteAddress?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Starts the api with its REST routes against the real stack the jest global setup runs. */
export async function startRestStack(options: RestStackOptions): Promise<RestStack> {
  const closers: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await Promise.resolve(closer()).catch(() => undefined);
  };
  try {
    let pool: pg.Pool;
    let temporal: Client;
    let config: ConfigHolder;
    let taskQueue: string | undefined;
    let enforcement: EnforcementStack | undefined;
    if (options.workflows === true) {
      enforcement = await startEnforcementStack({ closYml: options.closYml });
      closers.push(() => enforcement!.close());
      ({ pool, temporal, config, taskQueue } = enforcement);
    } else {
      const { env } = loadConfig({ require: ['TEMPORAL_ADDRESS'] });
      pool = createPool({ connectionString: await createTestDatabase(), max: 8, applicationName: 'clos-rest-test' });
      closers.push(() => pool.end());
      const closConfig = parseClosConfig(options.closYml, 'clos.yml');
      await syncConfigToDb(pool, closConfig);
      config = new ConfigHolder(closConfig);
      const connection = Connection.lazy({ address: env.TEMPORAL_ADDRESS });
      closers.push(() => connection.close());
      temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
      taskQueue = options.taskQueue;
    }
    const metrics = createApiMetrics({ db: pool, temporal, config, defaultMetrics: false, cacheMs: 0 });
    const app = await buildServer({
      healthChecks: [],
      metrics,
      ...(options.trustedProxies !== undefined ? { trustedProxies: options.trustedProxies } : {}),
      ...(options.metricsToken !== undefined ? { metricsToken: options.metricsToken } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.explain === true ? { explain: { temporal, config, access: { db: pool }, ...options.explainGithub } } : {}),
      ...(options.edgeLimits !== undefined
        ? { edgeRateLimits: { db: pool, limits: options.edgeLimits, audit: async (entry) => void (await appendAudit(pool, entry)) } }
        : {}),
      rest: {
        pool,
        temporal,
        config,
        metrics,
        workflowTimeoutMs: 20_000,
        ...(taskQueue !== undefined ? { taskQueue } : {}),
        ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
        ...(options.githubLogin !== undefined ? { githubLogin: options.githubLogin } : {}),
        ...(options.auditCheckpoints !== undefined ? { auditCheckpoints: options.auditCheckpoints } : {}),
        ...(options.dataKeys !== undefined ? { dataKeys: options.dataKeys } : {}),
        ...(options.readCacheMs !== undefined ? { readCacheMs: options.readCacheMs } : {}),
      },
    });
    await app.ready();
    closers.push(() => app.close());

    return {
      app,
      pool,
      temporal,
      metrics,
      ...(enforcement !== undefined ? { enforcement } : {}),
      async issue(name, roles, expiresAt = null, personId) {
        const issued = await insertToken(pool, { name, roles, expiresAt, createdBy: 'test', ...(personId !== undefined ? { personId } : {}) });
        return { token: issued.token, id: issued.record.id };
      },
      call(method, url, o = {}) {
        return app.inject({
          method,
          url,
          headers: { ...(o.token !== undefined ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
          ...(o.body !== undefined ? { payload: o.body as object } : {}),
          ...(o.remoteAddress !== undefined ? { remoteAddress: o.remoteAddress } : {}),
        });
      },
      async auditRows() {
        const { rows } = await pool.query(
          'SELECT id, actor, action, target, details, host(source_ip) AS source_ip FROM audit_log ORDER BY id',
        );
        return rows;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A short random suffix: workflow ids are per pod and project, shared by every test file on the server. */
export function uniqueSuffix(): string {
  return Math.random().toString(36).slice(2, 8);
}
