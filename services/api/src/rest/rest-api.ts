import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ClosError, podForRepo, projectById } from '@clos/domain';
import { type DataKeyring, appendAudit, type AuditCheckpointStore, type AuditInput, type DeadLetters } from '@clos/platform';
import { liveMemberRoles, type ConfigSource } from '@clos/app';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { addAuthentication, authenticationOf, rateLimitKey, requireAuthentication } from '../auth/auth-hooks.js';
import { addressOf } from '../net/client-address.js';
import { createSharedRateLimiter, type Caller } from '../rate-limit/shared-rate-limit.js';
import { authorizeServices } from '@clos/app';
import { TOKEN_CACHE_MS, TokenCache } from '../auth/token-cache.js';
import { githubLoginRoutes, type GithubLoginSettings } from '../auth/github-login-routes.js';
import { loginLinkRoute } from '../auth/session-routes.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import { restErrorHandler } from './error-handler.js';
import { answerConditionalGets, answerUndeclaredMethods, publishedDocumentTransform, publishedSchemaTransform, rejectNulCharacters } from './contract/index.js';
import { ACCESS_RULES } from './permissions.js';
import type { RestContext } from './rest-context.js';
import { auditRoutes } from './routes/audit-routes.js';
import { deadEventRoutes } from './routes/dead-event-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { insightRoutes } from './routes/insight-routes.js';
import { peopleRoutes } from './routes/people-routes.js';
import { podRoutes } from './routes/pod-routes.js';
import { projectRoutes } from './routes/project-routes.js';
import { searchRoutes } from './routes/search-routes.js';
import { briefingRoutes } from './routes/briefing-routes.js';
import { mcpRoutes } from '../mcp/index.js';
import { digestRoutes } from './routes/digest-routes.js';
import { teamRoutes } from './routes/team-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { workItemRoutes } from './routes/work-item-routes.js';
import { leadershipDailyRoutes } from './routes/leadership-daily-routes.js';
import { leadershipDecisionRoutes } from './routes/leadership-decision-routes.js';
import { leadershipInsightRoutes } from './routes/leadership-insight-routes.js';
import { leadershipProjectRoutes } from './routes/leadership-project-routes.js';
import { cacheReads } from './cache/cached-reads.js';
import { ListingChangeFeed } from './cache/listing-change-feed.js';
import { SharedAnswers } from './cache/memo-serializer.js';
import { ReadCache } from './cache/read-cache.js';
import { createClosServices } from './services/clos-services.js';
import { EventStreamHub } from './stream/event-stream-hub.js';
import { followRevocation } from './stream/follow-revocation.js';

/** What the REST API needs. */
export interface RestDependencies {
  /** The record: pods, projects, events, audit log, API tokens. */
  pool: pg.Pool;
  /** The enforcement workflows: live WIP and stage state, and the moves people make. */
  temporal: Client;
  /** The clos.yml in force. */
  config: ConfigSource;
  /** Task queue of the enforcement workflows (TEMPORAL_TASK_QUEUE). */
  taskQueue?: string;
  /** Records auth refusals and 429s; the request metrics come from the observability plugin. */
  metrics?: ApiMetrics;
  /** Requests each token (or each address, without a valid token) may make per window; default 1200 a minute. */
  rateLimit?: { max: number; timeWindowMs: number };
  /**
   * How long a verified token is trusted before the record is asked again (default 5 s):
   * a revocation through this api applies at once, one made elsewhere within this time.
   */
  tokenCacheMs?: number;
  /** "Sign in with GitHub" (GET /auth/github); /auth/github answers 404 saying how to configure it when omitted. */
  githubLogin?: GithubLoginSettings;
  /** How often an open /api/stream rechecks its token, ending when it is revoked (default 2 s). */
  streamRecheckMs?: number;
  /** How long a workflow may take to answer before the call fails as 503 (default 10 s). */
  workflowTimeoutMs?: number;
  now?: () => Date;
  /** Where the audit chain's head is anchored outside the database; GET /api/audit/verify compares the log with it. */
  auditCheckpoints?: AuditCheckpointStore;
  /** Keys of the leadership records' encrypted text (CLOS_DATA_KEY); those routes answer 503 without them. */
  dataKeys?: DataKeyring;
  /** The bus's dead events (EVENT_BUS: outbox rows or SQS DLQs); the outbox of `pool` when omitted. */
  deadLetters?: DeadLetters;
  /** This api's public address (PUBLIC_URL): the links to explanation pages it answers are absolute under it. */
  publicUrl?: string;
  /**
   * How long a polled read (pods, events, search, a pod's WIP) is served from this
   * replica's cache at most (default {@link READ_CACHE_MS}; 0 turns the cache off). Changes
   * drop cached answers at once on every replica (LISTEN/NOTIFY); this bounds the rest.
   */
  readCacheMs?: number;
}

/** Default lifetime of a cached read: short, as changes are heard anyway (ADR 0026). */
export const READ_CACHE_MS = 2_000;

/** Default rate limit: 20 requests a second per token, sustained over a minute. */
export const DEFAULT_RATE_LIMIT = { max: 1200, timeWindowMs: 60_000 } as const;

/**
 * The REST API: `/api/*` behind bearer tokens (or a browser session's cookie, with CSRF
 * protection) and the access rules, its OpenAPI document at `/openapi.json` (generated
 * from the zod schemas that validate the requests), a docs UI at `/docs`, and the
 * one-time login link at `/auth/link`, with security headers on all of it.
 */
export function restApi(deps: RestDependencies) {
  const now = deps.now ?? (() => new Date());
  const tokens = new TokenCache(deps.tokenCacheMs ?? TOKEN_CACHE_MS);
  const readCache = new ReadCache({ ttlMs: deps.readCacheMs ?? READ_CACHE_MS });
  const changes = new ListingChangeFeed({ pool: deps.pool, cache: readCache });
  const plainServices = createClosServices({
    onTokenRevoked: (tokenId) => tokens.forget(tokenId),
    pool: deps.pool,
    temporal: deps.temporal,
    config: deps.config,
    now,
    workflowTimeoutMs: deps.workflowTimeoutMs ?? 10_000,
    ...(deps.dataKeys !== undefined ? { dataKeys: deps.dataKeys } : {}),
    ...(deps.taskQueue !== undefined ? { taskQueue: deps.taskQueue } : {}),
    ...(deps.auditCheckpoints !== undefined ? { auditCheckpoints: deps.auditCheckpoints } : {}),
    ...(deps.deadLetters !== undefined ? { deadLetters: deps.deadLetters } : {}),
    ...(deps.publicUrl !== undefined ? { publicUrl: deps.publicUrl } : {}),
  });
  const sharedAnswers = new SharedAnswers();
  const services = cacheReads(plainServices, readCache, sharedAnswers);
  const streams = new EventStreamHub({
    pool: deps.pool,
    onClients: (count) => deps.metrics?.streamClients.set(count),
  });
  const audit = async (entry: AuditInput): Promise<void> => {
    await appendAudit(deps.pool, entry);
  };
  const rest: RestContext = {
    services(request: FastifyRequest, options = {}) {
      const outcome = authenticationOf(request);
      if (outcome?.ok !== true) throw new ClosError('Unauthorized', 'Authentication required');
      return authorizeServices(services, ACCESS_RULES, {
        principal: outcome.principal,
        ...addressOf(request),
        correlationId: options.correlationId ?? request.id,
        projectPod: (projectId) => projectById(deps.config.current(), projectId)?.pod,
        repoPod: (repo) => podForRepo(deps.config.current(), repo)?.id,
        // A GitHub login's roles follow the live policy: removed from clos.yml, no access.
        liveRoles: liveMemberRoles(deps.config),
        audit,
        onForbidden: () => deps.metrics?.authRefusals.inc({ reason: 'forbidden' }),
        onAuditError: (error) => request.log.error({ err: error }, 'could not record a refusal in the audit log'),
      });
    },
    async record(request, entry) {
      const outcome = authenticationOf(request);
      if (outcome?.ok !== true) throw new ClosError('Unauthorized', 'Authentication required');
      await audit({
        ...entry,
        actor: outcome.principal.actor,
        details: { tokenName: outcome.principal.name, ...entry.details },
        ...addressOf(request),
      });
    },
  };

  return async function restPlugin(scope: FastifyInstance): Promise<void> {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(sharedAnswers.serializer(serializerCompiler));
    scope.setErrorHandler(restErrorHandler);
    // Open event streams end before the server waits for its connections to close.
    scope.addHook('preClose', () => streams.close());
    scope.addHook('onClose', () => streams.close());
    if ((deps.readCacheMs ?? READ_CACHE_MS) > 0) {
      changes.start();
      scope.addHook('onClose', () => changes.close());
    }

    await scope.register(helmet, {
      // JSON answers load nothing; the docs UI sets its own policy (staticCSP below).
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    });
    await scope.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'CLOS API',
          version: '1.0.0',
          description:
            'Pods, WIP, projects and stage gates, work items, events and the audit log. Every /api route takes ' +
            '`Authorization: Bearer <token>` (issue tokens with `clos token create` or POST /api/tokens). ' +
            'Errors are `{"error":{"code","message","details"}}`; listings page with an opaque `cursor`.',
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A CLOS API token (clos_…)' } } },
      },
      transform: publishedSchemaTransform,
      transformObject: publishedDocumentTransform,
    });
    await scope.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    scope.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-store').send(scope.swagger()));
    await scope.register(cookie);
    await scope.register(loginLinkRoute({ pool: deps.pool, now, audit }));
    await scope.register(githubLoginRoutes({ pool: deps.pool, config: deps.config, now, audit, github: deps.githubLogin }));

    await scope.register(
      async (api) => {
        const hooks = {
          db: deps.pool,
          tokens,
          now,
          audit,
          onRefused: (reason: string) => deps.metrics?.authRefusals.inc({ reason }),
        };
        // The contract, for every route at once: 405 + Allow for a method a path does not take,
        // 400 for a NUL in any text (Postgres cannot store one).
        answerUndeclaredMethods(api);
        rejectNulCharacters(api);
        // ETag on every successful read, 304 when the caller already holds it.
        await answerConditionalGets(api);
        addAuthentication(api, hooks);
        const limit = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
        // Shared in Postgres: every replica spends from the same budget per token (or address),
        // counted there at once near the limit and in batches below it.
        const limiter = createSharedRateLimiter({
          db: deps.pool,
          now,
          audit,
          onLimited: () => deps.metrics?.rateLimited.inc(),
        });
        api.addHook('onRequest', limiter('api', limit, apiCaller));
        api.addHook('onClose', async () => limiter.close());
        requireAuthentication(api, hooks);
        api.setNotFoundHandler((request) => {
          throw new ClosError('NotFound', `No route ${request.method} ${request.url.split('?')[0]}`);
        });
        // A caller reads its own writes at once: anything this replica changed drops what it holds
        // (other replicas hear of it through the change feed).
        api.addHook('onSend', async (request, reply, payload) => {
          if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) readCache.clear();
          return payload;
        });
        const typed = api.withTypeProvider<ZodTypeProvider>();
        for (const routes of [podRoutes, peopleRoutes, projectRoutes, workItemRoutes, eventRoutes, deadEventRoutes, teamRoutes, auditRoutes, tokenRoutes, searchRoutes, digestRoutes, briefingRoutes]) {
          await typed.register(routes(rest));
        }
        await typed.register(
          insightRoutes(rest, streams, (request, onEnded) => {
            const outcome = authenticationOf(request);
            if (outcome?.ok !== true) return () => undefined;
            return followRevocation({
              db: deps.pool,
              tokenId: outcome.principal.tokenId,
              now,
              ...(deps.streamRecheckMs !== undefined ? { everyMs: deps.streamRecheckMs } : {}),
              onEnded,
              onError: (error) => request.log.warn({ err: error }, 'could not recheck a stream’s token'),
            });
          }),
        );
        // MCP over Streamable HTTP (/api/mcp): behind the same token check and rate limit, onto the same services.
        await api.register(mcpRoutes(rest));
        for (const routes of [leadershipDailyRoutes, leadershipDecisionRoutes, leadershipProjectRoutes, leadershipInsightRoutes]) {
          await typed.register(routes(rest));
        }
      },
      { prefix: '/api' },
    );
  };
}

/** The api's rate-limit caller: the token (or session), else the address. */
function apiCaller(request: FastifyRequest): Caller {
  const outcome = authenticationOf(request);
  return { key: rateLimitKey(request), actor: outcome?.ok === true ? outcome.principal.actor : 'anonymous' };
}

