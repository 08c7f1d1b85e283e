import { CIRCUIT_BREAKER, circuitBreakerDecision, type CircuitBreakerDecision } from '@clos/domain';
import { withTransaction, type Queryable } from '@clos/platform';
import type pg from 'pg';
import type { Notifier, RecordStore } from './ports.js';
import type { PodHealthSnapshot } from './pod-health-job.js';

/** Who the breaker's changes are recorded as. */
export const CIRCUIT_BREAKER_ACTOR = 'clos:circuit-breaker';

/** What the breaker reads, writes and acts through. */
export interface CircuitBreakerDependencies {
  /** The record: health snapshots, the breaker's state, the pods' declared limits. */
  pool: pg.Pool;
  /** The event log and the audit log. */
  records: Pick<RecordStore, 'appendEvent' | 'appendAudit'>;
  /**
   * The pod workflow's live limit, `undefined` when its workflow is not running (a workflow
   * started later takes the declared limit; the next scan caps it again).
   */
  liveLimit(podId: string): Promise<number | undefined>;
  /** Gives the running pod workflow a new limit (lowering never evicts a holder). */
  setLimit(podId: string, limit: number, reason: string, updateId: string): Promise<void>;
  /** Tells the pod (its lead reads the pod channel) that the breaker tripped or closed. */
  notifier?: Notifier;
  onError?: (error: unknown, podId: string) => void;
}

/** What the breaker did for one pod after a scan. */
export interface CircuitBreakerOutcome {
  podId: string;
  /** `tripped` and `recovered` are changes of this scan; `held` is a breaker still open. */
  action: 'tripped' | 'recovered' | 'held' | 'closed';
  /** The limit the pod workflow runs with now: the cap while tripped, the declared one otherwise. */
  limit: number;
  reason: string;
}

interface BreakerRow {
  tripped: boolean;
  cap: number;
}

/**
 * Applies the circuit breaker (docs/health-score.md) after a scan: each pod's decision from
 * this scan and the ones before it. Tripping caps the pod workflow's limit at 75 % of the
 * declared one (clos.yml / the live policy, which it does not change), records
 * `health.breaker_tripped` in the event log and the audit log, and tells the pod; while
 * tripped every scan caps the workflow again (a policy change or a restarted workflow may
 * have raised it); recovery gives the workflow the declared limit back. The state row is
 * changed under a row lock, so a scan retried or run twice for one time records each change
 * once, and the event and audit keys are the scan's, so a retry writes nothing twice.
 */
export async function applyCircuitBreakers(deps: CircuitBreakerDependencies, snapshots: readonly PodHealthSnapshot[]): Promise<CircuitBreakerOutcome[]> {
  const outcomes: CircuitBreakerOutcome[] = [];
  for (const snapshot of snapshots) {
    try {
      outcomes.push(await applyOne(deps, snapshot));
    } catch (error) {
      deps.onError?.(error, snapshot.podId);
    }
  }
  return outcomes;
}

async function applyOne(deps: CircuitBreakerDependencies, snapshot: PodHealthSnapshot): Promise<CircuitBreakerOutcome> {
  const { podId, at } = snapshot;
  const change = await withTransaction(deps.pool, async (db) => {
    const declared = await declaredLimit(db, podId);
    await db.query(`INSERT INTO pod_circuit_breakers (pod_id) VALUES ($1) ON CONFLICT (pod_id) DO NOTHING`, [podId]);
    const { rows } = await db.query<BreakerRow & { last_scan_at: Date | null }>(
      `SELECT tripped, cap, last_scan_at FROM pod_circuit_breakers WHERE pod_id = $1 FOR UPDATE`,
      [podId],
    );
    const state = rows[0]!;
    // The same scan again (a retried activity): what it decided the first time stands.
    if (state.last_scan_at !== null && state.last_scan_at.getTime() >= new Date(at).getTime()) {
      return { decision: undefined, declared, state };
    }
    const history = await previousScans(db, podId, at);
    const decision = circuitBreakerDecision(history, {
      failing: snapshot.failing,
      wipLimit: declared,
      tripped: state.tripped,
      limitBeforeTrip: declared,
    });
    if (decision.trip) {
      const cap = decision.reduceLimitTo ?? declared;
      await db.query(
        `UPDATE pod_circuit_breakers
            SET tripped = true, cap = $2, tripped_at = $3, recovered_at = NULL, reason = $4, last_scan_at = $3
          WHERE pod_id = $1`,
        [podId, cap, at, decision.reason],
      );
      return { decision, declared, state: { tripped: true, cap } };
    }
    if (decision.recovered) {
      await db.query(`UPDATE pod_circuit_breakers SET tripped = false, recovered_at = $2, reason = $3, last_scan_at = $2 WHERE pod_id = $1`, [
        podId,
        at,
        decision.reason,
      ]);
      return { decision, declared, state: { tripped: false, cap: state.cap } };
    }
    await db.query(`UPDATE pod_circuit_breakers SET last_scan_at = $2 WHERE pod_id = $1`, [podId, at]);
    return { decision, declared, state };
  });

  const { decision, declared, state } = change;
  if (decision?.trip === true) {
    await record(deps, snapshot, 'health.breaker_tripped', decision, { limitBefore: declared, limit: state.cap });
    await deps.setLimit(podId, state.cap, decision.reason, `breaker:${podId}:${at}:trip`);
    await tell(deps, podId, `breaker:${podId}:${at}`, `:rotating_light: Circuit breaker tripped for ${podId}: ${decision.reason}. New work waits until the pod is healthy again.`);
    return { podId, action: 'tripped', limit: state.cap, reason: decision.reason };
  }
  if (decision?.recovered === true) {
    await record(deps, snapshot, 'health.breaker_recovered', decision, { limitBefore: state.cap, limit: declared });
    await deps.setLimit(podId, declared, decision.reason, `breaker:${podId}:${at}:recover`);
    await tell(deps, podId, `breaker:${podId}:${at}`, `:white_check_mark: Circuit breaker closed for ${podId}: ${decision.reason}; WIP limit back to ${declared}.`);
    return { podId, action: 'recovered', limit: declared, reason: decision.reason };
  }
  if (state.tripped) {
    // Still tripped: a policy change or a new workflow may have raised the limit since.
    const cap = Math.min(state.cap, declared);
    const live = await deps.liveLimit(podId);
    if (live !== undefined && live > cap) await deps.setLimit(podId, cap, 'circuit breaker still tripped', `breaker:${podId}:${at}:hold`);
    return { podId, action: 'held', limit: cap, reason: decision?.reason ?? 'breaker tripped' };
  }
  return { podId, action: 'closed', limit: declared, reason: decision?.reason ?? 'breaker closed' };
}

async function declaredLimit(db: Queryable, podId: string): Promise<number> {
  const { rows } = await db.query<{ wip_limit: number }>(`SELECT wip_limit FROM pods WHERE id = $1`, [podId]);
  if (rows[0] === undefined) throw new Error(`pod ${podId} is not in the record`);
  return rows[0].wip_limit;
}

/** The scans before `at` that recovery looks back over, oldest first. */
async function previousScans(db: Queryable, podId: string, at: string): Promise<{ failing: string[] }[]> {
  const { rows } = await db.query<{ failing: string[] }>(
    `SELECT failing FROM pod_health_snapshots WHERE pod_id = $1 AND at < $2 ORDER BY at DESC LIMIT $3`,
    [podId, at, CIRCUIT_BREAKER.recoverAfterScans - 1],
  );
  return rows.reverse();
}

async function record(
  deps: CircuitBreakerDependencies,
  snapshot: PodHealthSnapshot,
  type: 'health.breaker_tripped' | 'health.breaker_recovered',
  decision: CircuitBreakerDecision,
  limits: { limitBefore: number; limit: number },
): Promise<void> {
  const key = `${type}:${snapshot.podId}:${snapshot.at}`;
  const details = { reason: decision.reason, failing: snapshot.failing, score: snapshot.score, ...limits };
  await deps.records.appendEvent({ key, type, occurredAt: snapshot.at, subject: { podId: snapshot.podId }, payload: details });
  await deps.records.appendAudit({ key, actor: CIRCUIT_BREAKER_ACTOR, action: type, target: `pod:${snapshot.podId}`, details, at: snapshot.at });
}

async function tell(deps: CircuitBreakerDependencies, podId: string, key: string, text: string): Promise<void> {
  if (deps.notifier === undefined) return;
  try {
    await deps.notifier.notify({ podId, kind: 'health.circuit_breaker', text, key, threadKey: `breaker:${podId}` });
  } catch (error) {
    deps.onError?.(error, podId);
  }
}
