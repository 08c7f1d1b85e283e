import { num, table } from '../report/format.js';
import { GITHUB_LIMITS } from './reconciler-plan.js';
import { TEMPORAL_HISTORY_LIMITS, type ScaleResult } from './scale-run.js';

const mb = (v: number | null): string => (v === null ? '—' : num(v, 0));

/** The scale run's figures as the report prints them. */
export function formatScale(r: ScaleResult): string {
  const o = r.org;
  const h = r.history;
  const rc = r.reconciler;
  const first = r.healthScan[0];
  return [
    `Scale: ${num(o.pods, 0)} pods, ${num(o.pods * o.pullRequestsPerPod, 0)} open pull requests, ${num(o.pods * o.projectsPerPod, 0)} projects; ` +
      `api, two processors and the worker as separate processes; load average ${num(r.loadAverage.start, 2)} → ${num(r.loadAverage.end, 2)}`,
    `   opened ${num(r.opening.acknowledged, 0)} of ${num(r.opening.deliveries, 0)} in ${num(r.opening.seconds, 1)} s (${num(r.opening.perSecond, 0)} acknowledged/s); ` +
      `every one granted or queued by its pod's workflow ${r.appliedSeconds === null ? 'NOT within 15 minutes' : `${num(r.appliedSeconds, 1)} s after the first`}` +
      ` (by then the workers had recorded ${num(r.recordedAtApplied, 0)} of those decisions in the event log)`,
    '',
    'Memory (resident, MB)',
    table(['service', 'booted', `${num(o.pods * o.pullRequestsPerPod, 0)} PRs open`], r.memoryMb.map((m) => [m.service, mb(m.booted), mb(m.loaded)])),
    '',
    'Workflows and history',
    table(
      ['kind', 'running', 'history events (mean)', 'history KB (mean)', 'billable actions (mean)'],
      [
        ['podWip', r.workflows.podWip === null ? '—' : num(r.workflows.podWip, 0), num(h.podWip.events, 0), num(h.podWip.bytes / 1024, 1), num(h.podWip.actions, 0)],
        ['projectStage', r.workflows.projectStage === null ? '—' : num(r.workflows.projectStage, 0), num(h.projectStage.events, 0), num(h.projectStage.bytes / 1024, 1), num(h.projectStage.actions, 0)],
      ],
    ),
    `   a pod workflow takes about ${num(h.podOpeningsPerRun, 0)} pull-request openings before Temporal suggests continuing as new ` +
      `(${num(TEMPORAL_HISTORY_LIMITS.suggestEvents, 0)} events or ${TEMPORAL_HISTORY_LIMITS.suggestBytes / 1024 / 1024} MiB; hard limits ${num(TEMPORAL_HISTORY_LIMITS.maxEvents, 0)} events, ${TEMPORAL_HISTORY_LIMITS.maxBytes / 1024 / 1024} MiB)`,
    '',
    'Hourly health scan over every pod',
    table(
      ['pods at once', 'seconds', 'speed-up'],
      r.healthScan.map((s) => [String(s.concurrency), num(s.seconds, 1), first === undefined ? '—' : `${num(first.seconds / s.seconds, 1)}×`]),
    ),
    '',
    `Storage: ${num(r.storage.events, 0)} events take ${num(r.storage.eventBytes / 1024 / 1024, 1)} MB with their indexes ` +
      `(${num(r.storage.eventBytes / Math.max(1, r.storage.events), 0)} bytes each); the database ${num(r.storage.databaseBytes / 1024 / 1024, 0)} MB`,
    '',
    'Reconciler against GitHub (one installation)',
    table(
      ['figure', 'value'],
      [
        ['open-PR listings per run (one per repository and 100 PRs; every 10 min)', num(rc.listingsPerRun, 0)],
        ['statuses reads of a full refresh (one per owned status)', num(rc.refreshReadsPerFullPass, 0)],
        ['reads per hour if every run refreshed everything', num(rc.readsPerHourUnpaced, 0)],
        [`refresh budget ${num(rc.refreshBudgetPerHour, 0)}/h: turns, full refresh every`, `${num(rc.turns, 0)} turns, ${num(rc.minutesPerFullRefresh / 60, 1)} h`],
        [`reads per hour as paced (primary limit ${num(GITHUB_LIMITS.installationPerHour, 0)}/h per installation)`, num(rc.readsPerHourPaced, 0)],
        [`reads per minute as paced (secondary: ${GITHUB_LIMITS.pointsPerMinute} points/min per endpoint)`, num(rc.readsPerMinutePaced, 1)],
      ],
    ),
    ...(rc.readsPerHourPaced > GITHUB_LIMITS.installationPerHour
      ? [
          `   OVER the primary limit: the listings alone make ${num(rc.listingsPerRun * 6, 0)} reads an hour at the 10-minute schedule; ` +
            `at this many repositories the reconciler must run every ${num(Math.ceil((rc.listingsPerRun / (GITHUB_LIMITS.installationPerHour - rc.refreshBudgetPerHour)) * 60), 0)} minutes or more`,
        ]
      : []),
    `   during the run the workers read GitHub ${num(r.github.reads, 0)} times and wrote ${num(r.github.statusWrites, 0)} statuses in ${num(r.github.seconds, 0)} s ` +
      `(writes paced at one a second per installation: ${num(o.pods * o.pullRequestsPerPod, 0)} first statuses take ${num((o.pods * o.pullRequestsPerPod) / 3600, 1)} h)`,
    ...r.crashes.flatMap((c) => [`   CRASH ${c.note}; its last lines:`, ...c.lastLines.map((l) => `     ${l}`)]),
  ].join('\n');
}
