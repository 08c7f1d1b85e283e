import { doraMetrics, type DeploymentStatusFact, type DoraMetrics } from './dora.js';
import { hoursBetween, percentile, round2, weekStartOf, weekStartsBetween } from './percentile.js';

/** A change merged: a pull request from its first activity to its merge. */
export interface MergedChange {
  id: string;
  repo: string;
  /** When work on it began: the earliest of the PR's first event and its recorded opening. */
  startedAt: string;
  mergedAt: string;
}

/** Work in progress now: a work item holding or waiting for a WIP slot. */
export interface OpenWorkItem {
  id: string;
  title: string | null;
  url: string | null;
  startedAt: string;
}

/** What a pod's flow is computed from. */
export interface FlowInput {
  /** The window [from, to): merges and deployments finished in it count. */
  window: { from: string; to: string };
  /** Changes merged — in the window, and any others (they are filtered here). */
  merged: readonly MergedChange[];
  open: readonly OpenWorkItem[];
  /** Deployment status changes; those before the window still tell how a failure in it began. */
  deployments: readonly DeploymentStatusFact[];
  /** When the metrics are taken (WIP age is measured to it). */
  now: string;
}

/** A pod's flow and delivery metrics over a window. Hours and rates are rounded to 2 decimals. */
export interface FlowMetrics {
  cycleTimeHours: { p50: number | null; p85: number | null; count: number };
  throughput: { weekStart: string; count: number }[];
  cycleTime: { weekStart: string; p50Hours: number | null }[];
  wipAge: { itemId: string; title: string | null; url: string | null; ageHours: number }[];
  dora: DoraMetrics;
}

const inWindow = (at: string, window: { from: string; to: string }) => {
  const t = Date.parse(at);
  return t >= Date.parse(window.from) && t < Date.parse(window.to);
};

/**
 * Flow metrics of a pod (docs/health-score.md, "Flow and DORA"): cycle time (first
 * activity → merge) of the changes merged in the window, throughput and median cycle time
 * per week (every week of the window, zeros included), WIP age (oldest first), and DORA.
 */
export function flowMetrics(input: FlowInput): FlowMetrics {
  const merged = input.merged.filter((c) => inWindow(c.mergedAt, input.window));
  const hours = merged.map((c) => hoursBetween(c.startedAt, c.mergedAt));
  const byWeek = new Map<string, number[]>();
  merged.forEach((c, i) => {
    const week = weekStartOf(c.mergedAt);
    byWeek.set(week, [...(byWeek.get(week) ?? []), hours[i]!]);
  });
  const lastInstant = new Date(Date.parse(input.window.to) - 1).toISOString();
  const weeks = weekStartsBetween(input.window.from, lastInstant);
  return {
    cycleTimeHours: { p50: round2(percentile(hours, 0.5)), p85: round2(percentile(hours, 0.85)), count: merged.length },
    throughput: weeks.map((weekStart) => ({ weekStart, count: byWeek.get(weekStart)?.length ?? 0 })),
    cycleTime: weeks.map((weekStart) => ({ weekStart, p50Hours: round2(percentile(byWeek.get(weekStart) ?? [], 0.5)) })),
    wipAge: input.open
      .map((item) => ({ itemId: item.id, title: item.title, url: item.url, ageHours: round2(hoursBetween(item.startedAt, input.now))! }))
      .sort((a, b) => b.ageHours - a.ageHours || a.itemId.localeCompare(b.itemId)),
    dora: doraMetrics({ window: input.window, merged: input.merged, deployments: input.deployments }),
  };
}
