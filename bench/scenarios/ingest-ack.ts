import { pullRequestPayload } from '../../services/api/test/support/github-payloads.js';
import { githubHeaders } from '../load/deliveries.js';
import { startHelloServer } from '../load/hello-server.js';
import type { LoadResult, LoadSpec } from '../load/load-spec.js';
import { runLoad } from '../load/run-load.js';
import { ratio } from '../report/stats.js';
import { BENCH_GITHUB_SECRET, type ClosStack } from '../stack/clos-stack.js';
import { UNMAPPED_REPO } from '../stack/clos-yml.js';
import { waitForDrain, type DrainResult } from './drain.js';

/** Replaced by a fresh UUID in every request's body. */
const UNIQUE_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

/** How hard and how long the ingest runs push. */
export interface IngestOptions {
  /** Length of each run, in seconds. */
  seconds: number;
  /** Flat-out rounds, each the api then the hello-world at every concurrency (default 3). */
  rounds?: number;
  /**
   * Concurrencies of the flat-out runs (connections of the load generator). Each server is
   * judged at the one where its median over the rounds is highest: a server that waits on
   * a commit round trip needs more requests in flight than one that answers from memory.
   */
  connections: readonly number[];
}

/** One concurrency of a flat-out round: the api, then the hello-world straight after. */
export interface IngestLevel {
  connections: number;
  api: LoadResult;
  hello: LoadResult;
}

/** A flat-out round: each server's run at its best concurrency, their ratio, and every run. */
export interface IngestRound {
  api: LoadResult;
  hello: LoadResult;
  ratio: number;
  levels: IngestLevel[];
}

/** Figures of the ingest benchmark. */
export interface IngestResult {
  bodyBytes: number;
  connections: readonly number[];
  /** Rate of the paced runs: half the api's saturation throughput, the same for both servers. */
  pacedRate: number;
  /** `saturation` is the flat-out round of median ratio; every round is in `rounds`. */
  api: { saturation: LoadResult; paced: LoadResult };
  hello: { saturation: LoadResult; paced: LoadResult };
  /** The flat-out rounds in order, each with its runs at every concurrency. */
  rounds: IngestRound[];
  /** Each server's best concurrency: the one with the highest median throughput over the rounds. */
  bestConnections: { api: number; hello: number };
  /** api ÷ hello-world: throughput (the median of the rounds' ratios, a fraction) and latencies (a factor). */
  ratios: { throughput: number; pacedP50: number; pacedP99: number; saturationP50: number; saturationP99: number };
  /** Deliveries the api acknowledged with 202, and events the outbox holds for them. */
  accepted: number;
  eventsRecorded: number;
  /** The processor, started after the runs, working through what they left. */
  drain: DrainResult;
}

/**
 * `POST /webhooks/github` against a bare fastify hello-world in the same process, each
 * loaded by autocannon from another process: flat out (throughput) and at a fixed rate of
 * half the api's peak (latency without queueing). The flat-out runs alternate in rounds —
 * at each concurrency the api, then the hello-world straight after. Each server is judged
 * at its best concurrency (highest median over the rounds), and a round's ratio is the api's
 * run there ÷ the hello-world's; the figure is the median of the rounds' ratios: a shared
 * machine's speed drifts by a quarter from one minute to the next, and a ratio of two runs
 * minutes apart measures that drift as much as CLOS. More than one concurrency, because ten
 * connections leave the api waiting on the commit round trip of its one statement in flight
 * (a quarter of the machine idle) while the hello-world, answering from memory, is already
 * saturated by them. A server's best concurrency is chosen once for all rounds, not per
 * round: the better of two noisy runs is a lucky draw, and taking it each round would hand
 * the hello-world, saturated at both, that luck in every round. Every request is a signed
 * `pull_request.opened` delivery of the same size with a fresh `X-GitHub-Delivery` and a
 * fresh UUID in its title (re-signed), so every one is a first delivery that goes all the
 * way to the outbox; the hello-world gets the same requests. The repository is unmapped and the
 * processor is still stopped, so the api has the machine to itself; afterwards the
 * processor is started and the time it takes to work through the deliveries is reported.
 */
export async function runIngestBenchmark(stack: ClosStack, options: IngestOptions, log: (line: string) => void): Promise<IngestResult> {
  const payload = pullRequestPayload({ repo: UNMAPPED_REPO, number: 1, headSha: 'a'.repeat(40), action: 'opened', updatedAt: new Date().toISOString() });
  // Every delivery's body differs (a fresh UUID in the title, re-signed), as GitHub's do:
  // the api refuses the same signed bytes under another delivery id.
  payload.pull_request.title = `Bench change ${UNIQUE_PLACEHOLDER}`;
  const body = JSON.stringify(payload);
  const headers = githubHeaders('pull_request', body);
  const hello = await startHelloServer();
  try {
    const api = (extra: Partial<LoadSpec>): LoadSpec => ({
      url: stack.apiUrl,
      method: 'POST',
      path: '/webhooks/github',
      headers,
      body,
      uniqueHeader: 'x-github-delivery',
      uniqueBody: { placeholder: UNIQUE_PLACEHOLDER, secret: BENCH_GITHUB_SECRET },
      connections: Math.max(...options.connections),
      durationSeconds: options.seconds,
      ...extra,
    });
    const baseline = (extra: Partial<LoadSpec>): LoadSpec => ({ ...api(extra), url: hello.url, path: '/hello' });

    const runs: IngestLevel[][] = [];
    const roundCount = options.rounds ?? 3;
    for (let round = 1; round <= roundCount; round += 1) {
      const levels: IngestLevel[] = [];
      for (const connections of options.connections) {
        log(`ingest: round ${round}/${roundCount}, api flat out, ${connections} connections, ${options.seconds} s`);
        const apiRun = await runLoad(api({ connections }));
        log(`ingest: round ${round}/${roundCount}, hello-world flat out, ${connections} connections`);
        const helloRun = await runLoad(baseline({ connections }));
        levels.push({ connections, api: apiRun, hello: helloRun });
      }
      runs.push(levels);
    }
    const bestConnections = { api: bestConcurrency(runs, 'api'), hello: bestConcurrency(runs, 'hello') };
    const rounds = runs.map((levels): IngestRound => {
      const apiRun = levels.find((l) => l.connections === bestConnections.api)!.api;
      const helloRun = levels.find((l) => l.connections === bestConnections.hello)!.hello;
      return { api: apiRun, hello: helloRun, ratio: ratio(apiRun.throughput, helloRun.throughput), levels };
    });
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
    const apiSaturation = median.api;
    const helloSaturation = median.hello;
    const pacedRate = Math.max(10, Math.round(apiSaturation.throughput / 2));
    const pacedConnections = Math.min(...options.connections, 4);
    log(`ingest: api at ${pacedRate}/s`);
    const apiPaced = await runLoad(api({ overallRate: pacedRate, connections: pacedConnections }));
    log(`ingest: hello-world at ${pacedRate}/s`);
    const helloPaced = await runLoad(baseline({ overallRate: pacedRate, connections: pacedConnections }));

    const accepted = flatOutRuns(rounds, 'api').reduce((sum, run) => sum + (run.statuses['202'] ?? 0), 0) + (apiPaced.statuses['202'] ?? 0);
    const before = await stack.backlog();
    const eventsRecorded = before.pending + before.processing + before.done + before.dead;
    log(`ingest: ${eventsRecorded} events recorded; starting the processor to work through them`);
    stack.startProcessor();
    // At least three minutes, more for a long run's backlog (a floor of 200 events a second).
    const drain = await waitForDrain(stack, Math.max(180_000, eventsRecorded * 5));

    return {
      bodyBytes: Buffer.byteLength(body),
      connections: options.connections,
      pacedRate,
      api: { saturation: apiSaturation, paced: apiPaced },
      hello: { saturation: helloSaturation, paced: helloPaced },
      rounds,
      bestConnections,
      ratios: {
        throughput: median.ratio,
        pacedP50: ratio(apiPaced.latency.p50, helloPaced.latency.p50),
        pacedP99: ratio(apiPaced.latency.p99, helloPaced.latency.p99),
        saturationP50: ratio(apiSaturation.latency.p50, helloSaturation.latency.p50),
        saturationP99: ratio(apiSaturation.latency.p99, helloSaturation.latency.p99),
      },
      accepted,
      eventsRecorded,
      drain,
    };
  } finally {
    await hello.close();
  }
}

/** Every flat-out run of one server, all rounds and concurrencies. */
export function flatOutRuns(rounds: readonly IngestRound[], server: 'api' | 'hello'): LoadResult[] {
  return rounds.flatMap((round) => round.levels.map((level) => level[server]));
}

/** The concurrency at which `server`'s median throughput over the rounds is highest. */
export function bestConcurrency(runs: readonly (readonly IngestLevel[])[], server: 'api' | 'hello'): number {
  const concurrencies = runs[0]!.map((level) => level.connections);
  const medianAt = (connections: number): number => {
    const figures = runs.map((levels) => levels.find((l) => l.connections === connections)![server].throughput).sort((a, b) => a - b);
    return figures[Math.floor(figures.length / 2)]!;
  };
  return concurrencies.reduce((best, connections) => (medianAt(connections) > medianAt(best) ? connections : best));
}
