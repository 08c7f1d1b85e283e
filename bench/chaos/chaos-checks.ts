import type { StatusWrite } from '@clos/github/testing';
import type pg from 'pg';
import { keyOf, type ChaosDelivery, type ChaosPullRequest } from './chaos-traffic.js';

/** The WIP status context the pod workflow posts. */
export const WIP_CONTEXT = 'clos/wip';

/** What the event log holds of the acknowledged deliveries. */
export interface LogCheck {
  acknowledged: number;
  logged: number;
  /** Acknowledged deliveries never applied: no event, or one left dead or pending. */
  lost: number;
  lostExamples: string[];
  eventsByStatus: Record<string, number>;
}

/** Compares the acknowledged deliveries with the `events` rows that carry their delivery ids. */
export async function checkEventLog(pool: pg.Pool, deliveries: readonly ChaosDelivery[]): Promise<LogCheck> {
  const { rows } = await pool.query<{ delivery_id: string; status: string }>(
    `SELECT delivery_id, status FROM events WHERE source = 'github' AND delivery_id = ANY($1::text[])`,
    [deliveries.map((d) => d.deliveryId)],
  );
  const statusOf = new Map<string, string[]>();
  const eventsByStatus: Record<string, number> = {};
  for (const row of rows) {
    statusOf.set(row.delivery_id, [...(statusOf.get(row.delivery_id) ?? []), row.status]);
    eventsByStatus[row.status] = (eventsByStatus[row.status] ?? 0) + 1;
  }
  const acked = deliveries.filter((d) => d.ackedAt !== undefined);
  let logged = 0;
  const lostExamples: string[] = [];
  let lost = 0;
  for (const delivery of acked) {
    const statuses = statusOf.get(delivery.deliveryId);
    if (statuses !== undefined) logged++;
    if (statuses === undefined || statuses.some((s) => s !== 'done')) {
      lost++;
      if (lostExamples.length < 5) lostExamples.push(`${delivery.deliveryId} ${delivery.action} ${keyOf(delivery.repo, delivery.number)}: ${statuses?.join(',') ?? 'no event'}`);
    }
  }
  return { acknowledged: acked.length, logged, lost, lostExamples, eventsByStatus };
}

/** Pull requests open at the end whose `clos/wip` does not say what the pod's limit implies. */
export interface EndStateCheck {
  open: number;
  wrong: number;
  examples: string[];
}

/**
 * Per pod: every open pull request has a `clos/wip` status, and exactly min(limit, open) of
 * them hold a slot (success) — no idle slot while others queue, no pod over its limit.
 */
export function checkEndState(openPullRequests: readonly ChaosPullRequest[], writes: readonly StatusWrite[], limitOf: (pod: string) => number): EndStateCheck {
  const latest = latestStates(writes);
  const byPod = new Map<string, ChaosPullRequest[]>();
  for (const pr of openPullRequests) byPod.set(pr.pod, [...(byPod.get(pr.pod) ?? []), pr]);
  const result: EndStateCheck = { open: openPullRequests.length, wrong: 0, examples: [] };
  for (const [pod, prs] of byPod) {
    const missing = prs.filter((pr) => latest.get(`${pr.repo}@${pr.head}`) === undefined);
    const holding = prs.filter((pr) => latest.get(`${pr.repo}@${pr.head}`) === 'success');
    const expected = Math.min(limitOf(pod), prs.length);
    const off = missing.length + Math.abs(holding.length - expected);
    if (off > 0) {
      result.wrong += off;
      if (result.examples.length < 5) {
        result.examples.push(`${pod}: ${prs.length} open, ${holding.length} holding (expected ${expected}), ${missing.length} without a status`);
      }
    }
  }
  return result;
}

/** The WIP invariant over the whole run. */
export interface InvariantCheck {
  checkedWrites: number;
  violations: number;
  maxHolders: Record<string, number>;
  examples: string[];
}

/**
 * Replays the successful `clos/wip` writes in arrival order: whenever a pull request is told it
 * holds a slot, the pull requests of its pod that hold one and were not closed yet (their
 * `closed` delivery not sent) must number at most the limit.
 */
export function checkWipInvariant(
  writes: readonly StatusWrite[],
  pullRequests: ReadonlyMap<string, ChaosPullRequest>,
  limitOf: (pod: string) => number,
): InvariantCheck {
  const byHead = new Map<string, ChaosPullRequest>();
  for (const pr of pullRequests.values()) for (const head of pr.heads) byHead.set(`${pr.repo}@${head}`, pr);
  const holding = new Map<string, Set<string>>();
  const result: InvariantCheck = { checkedWrites: 0, violations: 0, maxHolders: {}, examples: [] };
  for (const write of writes) {
    if (write.context !== WIP_CONTEXT) continue;
    const pr = byHead.get(`${write.repo}@${write.sha}`);
    if (pr === undefined) continue;
    result.checkedWrites++;
    const pod = holding.get(pr.pod) ?? new Set<string>();
    holding.set(pr.pod, pod);
    const key = keyOf(pr.repo, pr.number);
    if (write.state === 'success') pod.add(key);
    else pod.delete(key);
    const live = [...pod].filter((k) => {
      const closedAt = pullRequests.get(k)?.closedAt;
      return closedAt === undefined || closedAt > write.at;
    });
    result.maxHolders[pr.pod] = Math.max(result.maxHolders[pr.pod] ?? 0, live.length);
    if (live.length > limitOf(pr.pod)) {
      result.violations++;
      if (result.examples.length < 5) result.examples.push(`${pr.pod}: ${live.length} holders (limit ${limitOf(pr.pod)}) at ${new Date(write.at).toISOString()}`);
    }
  }
  return result;
}

function latestStates(writes: readonly StatusWrite[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const write of writes) if (write.context === WIP_CONTEXT) latest.set(`${write.repo}@${write.sha}`, write.state);
  return latest;
}
