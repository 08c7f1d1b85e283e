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
  /**
   * Makes every body unique, as GitHub's are (the api refuses a signed body replayed under
   * another delivery id): `placeholder`, a UUID in `body`, becomes a fresh UUID on every
   * request (same length) and `x-hub-signature-256` is recomputed with `secret`.
   */
  uniqueBody?: { placeholder: string; secret: string };
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
