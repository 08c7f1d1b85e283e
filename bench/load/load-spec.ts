import type { LatencySummary } from '../report/stats.js';

/** One autocannon run, as the benchmark hands it to the load-generating process. */
export interface LoadSpec {
  /** Base URL on 127.0.0.1. */
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** A header given a fresh UUID on every request (e.g. `x-github-delivery`). */
  uniqueHeader?: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second across all connections; as fast as the server answers when omitted. */
  overallRate?: number;
}

/** What one run measured. */
export interface LoadResult {
  /** Responses received, any status. */
  responses: number;
  /** Mean responses per second over the run. */
  throughput: number;
  durationSeconds: number;
  /** Latency of every response, with sub-millisecond precision (autocannon's own histogram has 1 ms resolution). */
  latency: LatencySummary;
  /** Responses per HTTP status. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
}
