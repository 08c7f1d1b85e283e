import { createHmac, randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import autocannon from 'autocannon';
import { summarize } from '../report/stats.js';
import type { LoadResult, LoadSpec } from './load-spec.js';

/**
 * Runs one autocannon load (a {@link LoadSpec} read as JSON from stdin) and prints a
 * {@link LoadResult} as one JSON line on stdout. It runs in a process of its own so the
 * load generator does not share an event loop with the server it measures.
 */
async function main(): Promise<void> {
  const spec = JSON.parse(await text(process.stdin)) as LoadSpec;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};

  const unique = spec.uniqueHeader;
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    ...(spec.overallRate !== undefined ? { overallRate: spec.overallRate } : {}),
    requests: [
      {
        method: spec.method,
        path: spec.path,
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body !== undefined ? { body: spec.body } : {}),
        ...(unique !== undefined || spec.uniqueBody !== undefined
          ? { setupRequest: (request: autocannon.Request) => fresh(spec, request) }
          : {}),
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, finished: autocannon.Result) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statuses[String(statusCode)] = (statuses[String(statusCode)] ?? 0) + 1;
    });
  });

  const output: LoadResult = {
    responses: latencies.length,
    throughput: latencies.length / result.duration,
    durationSeconds: result.duration,
    latency: summarize(latencies),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

/** A request with the fresh header and body the spec asks for. */
function fresh(spec: LoadSpec, request: autocannon.Request): autocannon.Request {
  const headers = { ...request.headers };
  if (spec.uniqueHeader !== undefined) headers[spec.uniqueHeader] = randomUUID();
  if (spec.uniqueBody === undefined || spec.body === undefined) return { ...request, headers };
  const body = spec.body.replace(spec.uniqueBody.placeholder, randomUUID());
  headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', spec.uniqueBody.secret).update(body).digest('hex')}`;
  return { ...request, headers, body };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`load: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
