/**
 * The circuit breaker's published constants (docs/health-score.md): it trips when a scan
 * finds at least `tripAt` failing metrics, lowers the WIP limit to `reduceFactor` of itself
 * (rounded down, at least 1), and recovers after `recoverAfterScans` consecutive scans with
 * fewer than `tripAt` failing metrics.
 */
export const CIRCUIT_BREAKER = { tripAt: 2, reduceFactor: 0.75, recoverAfterScans: 3 } as const;

/** A past health scan, as far as the breaker cares. `PodHealth` fits. */
export interface HealthScan {
  failing: readonly string[];
}

/** The scan just made, and where the breaker stands. */
export interface CircuitBreakerInput {
  /** Failing metrics of this scan. */
  failing: readonly string[];
  /** The pod's WIP limit now. */
  wipLimit: number;
  /** Whether the breaker is tripped now. */
  tripped: boolean;
  /** The limit before the breaker lowered it, to restore on recovery. */
  limitBeforeTrip?: number;
}

/** What to do after a scan. At most one of `trip` and `recovered` is true. */
export interface CircuitBreakerDecision {
  /** Trip now: alert the lead, and lower the limit to `reduceLimitTo` when given. */
  trip: boolean;
  /** The lowered limit; absent when the limit is already 1. */
  reduceLimitTo?: number;
  /** Recovered now: the breaker closes; restore `restoreLimitTo` when given. */
  recovered: boolean;
  restoreLimitTo?: number;
  /** One line for the record and the alert. */
  reason: string;
}

const unhealthy = (scan: HealthScan) => scan.failing.length >= CIRCUIT_BREAKER.tripAt;

/** The limit a tripped breaker sets: 75% of `limit`, rounded down, never below 1. */
export function reducedWipLimit(limit: number): number {
  return Math.max(1, Math.floor(limit * CIRCUIT_BREAKER.reduceFactor));
}

/**
 * Decides the circuit breaker after a health scan. `history` holds the previous scans,
 * oldest first (the latest ones matter). A tripped breaker does not lower the limit again
 * while the pod stays unhealthy, so limits never ratchet down scan after scan.
 */
export function circuitBreakerDecision(history: readonly HealthScan[], current: CircuitBreakerInput): CircuitBreakerDecision {
  const failing = current.failing.join(', ');
  if (!current.tripped) {
    if (!unhealthy(current)) return { trip: false, recovered: false, reason: 'healthy enough; breaker closed' };
    const lowered = reducedWipLimit(current.wipLimit);
    return {
      trip: true,
      ...(lowered < current.wipLimit ? { reduceLimitTo: lowered } : {}),
      recovered: false,
      reason: `${current.failing.length} metrics failing (${failing}); WIP limit ${lowered < current.wipLimit ? `lowered from ${current.wipLimit} to ${lowered}` : `stays at ${current.wipLimit}`}`,
    };
  }
  const window = [...history.slice(-(CIRCUIT_BREAKER.recoverAfterScans - 1)), current];
  if (window.length === CIRCUIT_BREAKER.recoverAfterScans && !window.some(unhealthy)) {
    return {
      trip: false,
      recovered: true,
      ...(current.limitBeforeTrip !== undefined ? { restoreLimitTo: current.limitBeforeTrip } : {}),
      reason: `${CIRCUIT_BREAKER.recoverAfterScans} scans in a row with fewer than ${CIRCUIT_BREAKER.tripAt} failing metrics; breaker closed`,
    };
  }
  return {
    trip: false,
    recovered: false,
    reason: unhealthy(current) ? `still ${current.failing.length} metrics failing (${failing}); limit stays lowered` : 'recovering; limit stays lowered',
  };
}
