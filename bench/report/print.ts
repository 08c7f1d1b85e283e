import { formatApiRead } from '../api-read.js';
import { flatOutRuns, type IngestResult } from '../scenarios/ingest-ack.js';
import type { LoadResult } from '../load/load-spec.js';
import { E2E_TARGETS, type StatusLatencyResult } from '../scenarios/status-latency.js';
import { formatKnee } from '../scenarios/knee.js';
import type { SustainedResult } from '../scenarios/sustained-load.js';
import { ms, num, table, times } from './format.js';
import { ratio } from './stats.js';
import type { BenchResults } from './results.js';

/** The whole report, as printed at the end of a run. */
export function formatReport(results: BenchResults): string {
  const m = results.machine;
  const gh = results.githubClient;
  const machineLine = `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${m.loadAverageAtStart} at start, ${results.loadAverageAtEnd} at end`;
  if (results.mode === 'api-read' && results.apiRead) {
    const verdict = results.missedTargets.map((t) => `TARGET MISSED: ${t}`);
    return [`CLOS benchmark (api reads) — ${results.startedAt}`, machineLine, '', formatApiRead(results.apiRead), '', ...(verdict.length ? verdict : ['every target met'])].join('\n');
  }
  const parts = [
    `CLOS benchmark (${results.mode}) — ${results.startedAt}`,
    machineLine,
    `GitHub client: writeSpacingMs ${gh.writeSpacingMs} (no artificial write spacing), throttling plugin ${gh.throttling ? 'on' : 'off'}, 5xx retries on (backoff ${gh.serverErrorBackoffMs} ms)`,
    `org: ${results.org.pods} pods, WIP limit ${results.org.wipLimit} each, enforce mode; api, processor and worker in one process on Postgres, Temporal dev server and dynalite`,
  ];
  if (results.ingest) parts.push('', formatIngest(results.ingest));
  if (results.endToEnd) parts.push('', formatEndToEnd(results.endToEnd));
  if (results.sustained) parts.push('', formatSustained(results.sustained));
  if (results.knee) parts.push('', formatKnee(results.knee));
  if (results.apiRead) parts.push('', formatApiRead(results.apiRead));
  parts.push('', formatConditions(results.conditions));
  parts.push('', `warnings logged: ${results.warnings.count}`);
  for (const [kind, n] of Object.entries(results.warnings.byKind).sort((a, b) => b[1] - a[1])) parts.push(`  ${n} × ${kind}`);
  parts.push('');
  for (const target of results.missedTargets) parts.push(`TARGET MISSED: ${target}`);
  if (results.failures.length === 0) parts.push('RESULT: pass');
  else for (const failure of results.failures) parts.push(`FAIL: ${failure}`);
  return parts.join('\n');
}

function formatIngest(r: IngestResult): string {
  const statuses = (s: Record<string, number>): string =>
    Object.entries(s)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
  const rows = [
    ...r.rounds.flatMap((round, i) => [
      ...round.levels.map((level) => [
        `flat out, round ${i + 1}, ${level.connections} connections (req/s)`,
        num(level.api.throughput, 0),
        num(level.hello.throughput, 0),
        num(ratio(level.api.throughput, level.hello.throughput), 3),
      ]),
      [`flat out, round ${i + 1}, at ${r.bestConnections.api} / ${r.bestConnections.hello} connections (req/s)`, num(round.api.throughput, 0), num(round.hello.throughput, 0), num(round.ratio, 3)],
    ]),
    ['throughput flat out (req/s), median round', num(r.api.saturation.throughput, 0), num(r.hello.saturation.throughput, 0), num(r.ratios.throughput, 3)],
    [`p50 at ${r.pacedRate}/s (ms)`, ms(r.api.paced.latency.p50), ms(r.hello.paced.latency.p50), times(r.ratios.pacedP50)],
    [`p99 at ${r.pacedRate}/s (ms)`, ms(r.api.paced.latency.p99), ms(r.hello.paced.latency.p99), times(r.ratios.pacedP99)],
    ['p50 flat out, median round (ms)', ms(r.api.saturation.latency.p50), ms(r.hello.saturation.latency.p50), times(r.ratios.saturationP50)],
    ['p99 flat out, median round (ms)', ms(r.api.saturation.latency.p99), ms(r.hello.saturation.latency.p99), times(r.ratios.saturationP99)],
    ['responses flat out, all rounds', statuses(sumStatuses(flatOutRuns(r.rounds, 'api'))), statuses(sumStatuses(flatOutRuns(r.rounds, 'hello'))), ''],
    ['responses paced', statuses(r.api.paced.statuses), statuses(r.hello.paced.statuses), ''],
    [
      'connection errors / timeouts',
      problems(flatOutRuns(r.rounds, 'api'), r.api.paced),
      problems(flatOutRuns(r.rounds, 'hello'), r.hello.paced),
      '',
    ],
  ];
  const drain = r.drain.drained
    ? `the processor, started afterwards, worked through them in ${num(r.drain.seconds, 1)} s (${num(r.eventsRecorded / Math.max(r.drain.seconds, 0.001), 0)} events/s)`
    : `the processor had NOT worked through them after ${num(r.drain.seconds, 0)} s (${r.drain.left} left)`;
  return [
    `1. Ingest ack: POST /webhooks/github (signed pull_request.opened, ${num(r.bodyBytes / 1024, 1)} KB, a fresh X-GitHub-Delivery each) vs a bare fastify hello-world`,
    `   autocannon in a separate process; flat out with ${r.connections.join(' and ')} connections in ${r.rounds.length} rounds (at each, the api, then the hello-world;`,
    `   each server judged at its best concurrency by median: api ${r.bestConnections.api}, hello-world ${r.bestConnections.hello}; a round's ratio is the api's run there ÷ the hello-world's,`,
    `   the figure the median round's), then paced at half the api's peak; processor stopped meanwhile`,
    table(['', 'api', 'hello-world', 'api ÷ hello'], rows),
    `${r.accepted} deliveries answered 202 and ${r.eventsRecorded} events in the outbox (the difference: deliveries still in flight when a run's clock stopped);`,
    `${drain}.`,
  ].join('\n');
}

function sumStatuses(runs: readonly LoadResult[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.statuses)) sum[code] = (sum[code] ?? 0) + n;
  return sum;
}

function problems(runs: readonly LoadResult[], paced: LoadResult): string {
  const all = [...runs, paced];
  return `${all.reduce((n, x) => n + x.errors, 0)} / ${all.reduce((n, x) => n + x.timeouts, 0)}`;
}

function formatEndToEnd(r: StatusLatencyResult): string {
  const row = (label: string, s: StatusLatencyResult['latency'], target: string): string[] => [label, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), target];
  return [
    `2. End to end: webhook sent → clos/wip status stored by the GitHub stand-in`,
    `   ${r.count} pull_request.opened at ${r.rate}/s (achieved ${num(r.achievedRate, 1)}/s) round-robin over ${r.pods} pods`,
    table(
      ['(ms)', 'p50', 'p90', 'p99', 'max', 'target'],
      [
        row('webhook → status', r.latency, `p50 < ${E2E_TARGETS.p50}, p99 < ${E2E_TARGETS.p99}: ${r.targetsMet.p50 && r.targetsMet.p99 ? 'met' : 'MISSED'}`),
        row('webhook → 202', r.ack, ''),
        row('webhook → event handled', r.stages.handled, 'processor: workflow update done'),
        row('event handled → status', r.stages.handledToStatus, 'workflow → activity → GitHub'),
      ],
    ),
    `statuses: ${r.granted} success (slot held), ${r.queued} failure (queued over the limit), ${r.missing} missing; ${r.nonAccepted} deliveries not answered 202.`,
  ].join('\n');
}

function formatSustained(r: SustainedResult): string {
  const t = r.trend;
  const samples = r.samples.map((s) => `${num(s.t, 0)}s:${s.inFlight}+${s.pending + s.processing}`).join(' ');
  const drain = r.drain.drained ? `outbox empty ${num(r.drain.seconds, 1)} s after the last acknowledgement` : `outbox NOT empty ${num(r.drain.seconds, 0)} s after the last acknowledgement (${r.drain.left} left)`;
  return [
    `3. Sustained: ${r.rate} deliveries/s for ${r.seconds} s (opened / synchronize / merged mix)`,
    `   sent ${r.sent} at ${num(r.achievedRate, 1)}/s achieved (latest send ${ms(r.maxSendLagMs)} ms behind schedule); ${r.nonAccepted} not answered 202; ` +
      `${r.acksOverGithubTimeout} acknowledged after more than 10 s (GitHub's delivery timeout)`,
    `   backlog samples, time:unacknowledged+outbox (pending + processing):`,
    `   ${samples}`,
    `   slope from ${num(t.fromSecond, 0)} s to ${num(t.toSecond, 0)} s (${t.samplesJudged} samples): ${num(t.slopePerSecond, 2)} events/s overall, ${num(t.outboxSlopePerSecond, 2)}/s outbox alone; ` +
      `growth means above ${num(t.threshold, 2)}/s with more than ${r.rate} waiting at the end (${t.finalBacklog}): ${t.grows ? 'GROWING' : 'no growth'}`,
    `   ${drain}; ${r.drain.dead} dead events`,
    table(
      ['(ms)', 'p50', 'p90', 'p99', 'max'],
      [
        ['webhook → 202', ms(r.ack.p50), ms(r.ack.p90), ms(r.ack.p99), ms(r.ack.max)],
        ['webhook → clos/wip status (new head SHA)', ms(r.statusLatency.p50), ms(r.statusLatency.p90), ms(r.statusLatency.p99), ms(r.statusLatency.max)],
      ],
    ),
    `   clos/wip statuses: on ${r.newHeads.withStatus} of ${r.newHeads.total} new head SHAs (the others were pushed over or merged before their turn); ` +
      `${r.openAtEnd.withoutStatus} of the ${r.openAtEnd.total} pull requests open at the end without a status on their head`,
  ].join('\n');
}

function formatConditions(conditions: BenchResults['conditions']): string {
  const names = { ingest: '1. ingest', endToEnd: '2. end to end', sustained: '3. sustained', knee: '4. knee' } as const;
  const rows = (Object.keys(names) as (keyof typeof names)[]).flatMap((key) => {
    const c = conditions[key];
    if (c === undefined) return [];
    const gh = c.githubCalls;
    return [[names[key], ms(c.loopDelayP50), ms(c.loopDelayP99), ms(c.loopDelayMax), num(c.loadAverage, 2), `${gh.reads} / ${gh.writes} (${gh.statusWrites} statuses)`]];
  });
  return [
    'Conditions: event-loop delay of the process running api + processor + worker (ms), machine load average at the end of each phase,',
    'and the calls CLOS made to the GitHub stand-in',
    table(['phase', 'loop p50', 'loop p99', 'loop max', 'load avg', 'GitHub reads / writes'], rows),
  ].join('\n');
}
