import { hoursBetween, percentile, round2 } from './percentile.js';

/** One `deployment.status_changed` event, as far as DORA cares. */
export interface DeploymentStatusFact {
  repo: string;
  environment: string;
  deploymentId: number;
  /** GitHub's deployment state: success, failure, error, inactive, in_progress, queued, pending. */
  state: string;
  at: string;
}

/** The four DORA keys and rework rate. Hours and rates are rounded to 2 decimals. */
export interface DoraMetrics {
  /** Successful production deployments per 7 days of the window. */
  deploymentsPerWeek: number;
  /** Median hours from a change's first activity to the first successful deployment of its repo after its merge. */
  leadTimeHours: number | null;
  /** Failed production deployments ÷ finished ones; null without any. */
  changeFailureRate: number | null;
  /** Median hours from a failed deployment (after a good one) to the next successful one in its repo and environment. */
  timeToRestoreHours: number | null;
  /** Successful deployments that restored a failed one ÷ successful ones; null without any. */
  reworkRate: number | null;
  /** Production deployments finished (succeeded or failed) in the window. */
  deployments: number;
}

/** What {@link doraMetrics} needs. */
export interface DoraInput {
  window: { from: string; to: string };
  merged: readonly { repo: string; startedAt: string; mergedAt: string }[];
  deployments: readonly DeploymentStatusFact[];
}

/** States that end a deployment: its outcome. */
const FINAL_STATES: Readonly<Record<string, 'success' | 'failure'>> = { success: 'success', failure: 'failure', error: 'failure' };

/** Whether an environment counts as production: `production`, `prod`, `prod-eu`, `Production (us)`… */
export function isProductionEnvironment(environment: string): boolean {
  return /^prod/i.test(environment.trim());
}

interface FinishedDeployment {
  key: string;
  lane: string;
  repo: string;
  outcome: 'success' | 'failure';
  at: number;
  iso: string;
}

/**
 * A deployment's outcome is its last final status (success; failure or error). Statuses
 * of non-production environments are left out; a deployment still running has no outcome.
 */
export function finishedDeployments(statuses: readonly DeploymentStatusFact[]): FinishedDeployment[] {
  const last = new Map<string, FinishedDeployment>();
  for (const s of statuses) {
    const outcome = FINAL_STATES[s.state.toLowerCase()];
    if (outcome === undefined || !isProductionEnvironment(s.environment)) continue;
    const repo = s.repo.toLowerCase();
    const key = `${repo}#${s.deploymentId}`;
    const at = Date.parse(s.at);
    const seen = last.get(key);
    if (seen !== undefined && seen.at > at) continue;
    last.set(key, { key, lane: `${repo}@${s.environment.trim().toLowerCase()}`, repo, outcome, at, iso: s.at });
  }
  return [...last.values()].sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/**
 * DORA metrics of a window from deployment statuses and merged changes (docs/health-score.md):
 * deployment frequency, lead time for changes, change failure rate, time to restore and
 * rework rate. Deployments before the window only tell whether one in it restored a failure.
 */
export function doraMetrics(input: DoraInput): DoraMetrics {
  const from = Date.parse(input.window.from);
  const to = Date.parse(input.window.to);
  const all = finishedDeployments(input.deployments);
  const within = all.filter((d) => d.at >= from && d.at < to);
  const successes = within.filter((d) => d.outcome === 'success');
  const failures = within.length - successes.length;

  // Walk each repo + environment in time order: a failure after a good deployment opens an
  // incident, the next success closes it (and is rework).
  const restores: number[] = [];
  let rework = 0;
  const openSince = new Map<string, FinishedDeployment>();
  for (const d of all) {
    const open = openSince.get(d.lane);
    if (d.outcome === 'failure') {
      if (open === undefined) openSince.set(d.lane, d);
      continue;
    }
    if (open === undefined) continue;
    openSince.delete(d.lane);
    if (d.at >= from && d.at < to) {
      rework += 1;
      if (open.at >= from) restores.push(hoursBetween(open.iso, d.iso));
    }
  }

  const successAll = all.filter((d) => d.outcome === 'success');
  const leadTimes: number[] = [];
  for (const change of input.merged) {
    const merged = Date.parse(change.mergedAt);
    if (merged < from || merged >= to) continue;
    const repo = change.repo.toLowerCase();
    const deployed = successAll.find((d) => d.repo === repo && d.at >= merged);
    if (deployed !== undefined) leadTimes.push(hoursBetween(change.startedAt, deployed.iso));
  }

  const weeks = Math.max(to - from, 1) / (7 * 86_400_000);
  return {
    deploymentsPerWeek: round2(successes.length / weeks)!,
    leadTimeHours: round2(percentile(leadTimes, 0.5)),
    changeFailureRate: within.length === 0 ? null : round2(failures / within.length),
    timeToRestoreHours: round2(percentile(restores, 0.5)),
    reworkRate: successes.length === 0 ? null : round2(rework / successes.length),
    deployments: within.length,
  };
}
