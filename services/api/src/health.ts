import type { FastifyInstance } from 'fastify';

/** One dependency the api needs, checked by GET /healthz. */
export interface HealthCheck {
  /** The key in the report: `postgres`, `temporal`, `dynamodb`. */
  name: string;
  /** Resolves when the dependency answers; rejects (or is aborted) when it does not. */
  check(signal: AbortSignal): Promise<void>;
}

/** The body of GET /healthz. */
export interface HealthReport {
  status: 'ok' | 'failing';
  /** Every check by name: "ok" or "failing". */
  checks: Record<string, 'ok' | 'failing'>;
  /** Why each failing check failed. Absent when all are ok. */
  errors?: Record<string, string>;
}

/** Default time each check may take: a health probe must answer fast even when a dependency hangs. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/** Runs all checks in parallel, each bounded by `timeoutMs`. */
export async function runHealthChecks(checks: readonly HealthCheck[], timeoutMs: number): Promise<HealthReport> {
  const outcomes = await Promise.all(
    checks.map(async (health) => ({ name: health.name, error: await failureOf(health, timeoutMs) })),
  );
  const report: HealthReport = { status: 'ok', checks: {} };
  for (const { name, error } of outcomes) {
    report.checks[name] = error === undefined ? 'ok' : 'failing';
    if (error !== undefined) {
      report.status = 'failing';
      report.errors = { ...report.errors, [name]: error };
    }
  }
  return report;
}

async function failureOf(health: HealthCheck, timeoutMs: number): Promise<string | undefined> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(`no answer within ${timeoutMs} ms`);
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      health.check(controller.signal).then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'failed',
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Options of {@link registerHealthRoute}. */
export interface HealthRouteOptions {
  checks: readonly HealthCheck[];
  timeoutMs?: number;
}

/**
 * GET /healthz: 200 `{"status":"ok","checks":{…}}` when every dependency
 * answers, 503 with the failing checks named otherwise.
 */
export function registerHealthRoute(app: FastifyInstance, options: HealthRouteOptions): void {
  const timeoutMs = options.timeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    const report = await runHealthChecks(options.checks, timeoutMs);
    return reply
      .code(report.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
}
