import type { Client } from '@temporalio/client';
import type { Queryable } from '@clos/platform';
import type { ConfigSource } from '@clos/app';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { registerHealthMetrics } from './health-metrics.js';
import { registerDigestMetrics } from './digest-metrics.js';
import { registerStoreMetrics } from './store-metrics.js';
import { registerWipMetrics } from './wip-metrics.js';

/** The api's Prometheus metrics and the instruments other parts of the api record into. */
export interface ApiMetrics {
  registry: Registry;
  /** Latency of every HTTP request, by method, route template and status. */
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Callers refused: 401 by reason (missing, malformed, unknown, expired, revoked), 403 as `forbidden`. */
  authRefusals: Counter<'reason'>;
  /** Requests answered 429. */
  rateLimited: Counter<never>;
  /** Failures reading what the scrape-time metrics come from (store, workflows). */
  collectErrors: Counter<'source'>;
  /** Open live event streams (GET /api/stream). */
  streamClients: Gauge<never>;
}

/** Where the scrape-time metrics come from; each part is left out when not given. */
export interface ApiMetricsOptions {
  /** The record: event counters, gate failures, escalations. */
  db?: Queryable;
  /** With `config`: WIP per pod from the pods' workflows. */
  temporal?: Client;
  config?: ConfigSource;
  /** Process metrics (CPU, memory, event loop lag); default true. */
  defaultMetrics?: boolean;
  /** How long a scrape's store and workflow readings are reused (default 10 s). */
  cacheMs?: number;
  /** How long one pod's workflow may take to answer (default 2 s). */
  wipQueryTimeoutMs?: number;
}

/** Request latency buckets, in seconds: the api aims at p99 under 20 ms for reads. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Creates the api's metrics on a registry of their own (so several servers can share a process). */
export function createApiMetrics(options: ApiMetricsOptions = {}): ApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const collectErrors = new Counter({
    name: 'clos_metrics_collect_errors_total',
    help: 'Failures reading the store or the workflows for a scrape, by source',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const cacheMs = options.cacheMs ?? 10_000;
  if (options.db !== undefined) {
    registerStoreMetrics(registry, options.db, { cacheMs, onError: () => collectErrors.inc({ source: 'postgres' }) });
    registerHealthMetrics(registry, options.db, { cacheMs, onError: () => collectErrors.inc({ source: 'postgres' }) });
    registerDigestMetrics(registry, options.db, { cacheMs, onError: () => collectErrors.inc({ source: 'postgres' }) });
  }
  if (options.temporal !== undefined && options.config !== undefined) {
    registerWipMetrics(
      registry,
      { temporal: options.temporal, config: options.config },
      { cacheMs, timeoutMs: options.wipQueryTimeoutMs ?? 2_000, onError: () => collectErrors.inc({ source: 'temporal' }) },
    );
  }
  return {
    registry,
    collectErrors,
    requestDuration: new Histogram({
      name: 'clos_http_request_duration_seconds',
      help: 'HTTP request latency, by method, route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    authRefusals: new Counter({
      name: 'clos_auth_refusals_total',
      help: 'API callers refused: 401 by reason, 403 as forbidden',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    streamClients: new Gauge({
      name: 'clos_event_stream_clients',
      help: 'Open live event streams (GET /api/stream)',
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'clos_rate_limited_total',
      help: 'API requests refused with 429 for exceeding their rate limit',
      registers: [registry],
    }),
  };
}
