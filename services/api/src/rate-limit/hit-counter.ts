import type { Queryable } from '@clos/platform';
import { countHit, type WindowHit } from './counter-store.js';
import type { RateLimitRule } from './shared-rate-limit.js';

/** A caller's count as one replica knows it. */
interface Known {
  /** The shared count when this replica last asked, its own hits up to then included. */
  shared: number;
  /** This replica's hits since, not yet added to the shared count. */
  pending: number;
  windowMs: number;
  resetAt: Date;
}

/** One hit counted: the count after it, when the window ends, and whether it took the count past the limit. */
export interface CountedHit extends WindowHit {
  /** This hit was counted in the shared table and took it from `max` or less to more than `max`. */
  crossed: boolean;
}

/** Options of {@link HitCounter}. */
export interface HitCounterOptions {
  /** Holds `rate_limit_counters`. */
  db: Queryable;
  /** How often this replica adds its hits to the shared counts (default 250 ms). */
  syncEveryMs?: number;
  onSyncError?(error: unknown): void;
}

/** Hits counted without asking the shared table while this far below the limit. */
function headroom(rule: RateLimitRule): number {
  return Math.max(10, Math.ceil(rule.max * 0.1));
}

/**
 * Rate-limit counts shared by every replica, without a round trip per request. A caller's
 * first hit in a window, and every hit once its count is within 10 % (at least 10) of the
 * limit, is counted in the shared table at once, together with this replica's hits not yet
 * added — the count that refuses, and the hit that crosses the limit, are exact. Below that,
 * hits are counted here and added to the shared counts every `syncEveryMs`, which also
 * brings back the other replicas' hits. So with several replicas a caller can exceed a
 * limit by at most what each replica admits alone in one sync interval; with one, never.
 */
export class HitCounter {
  private readonly known = new Map<string, Known>();
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | undefined;

  constructor(private readonly options: HitCounterOptions) {
    this.timer = setInterval(() => void this.sync(), options.syncEveryMs ?? 250);
    this.timer.unref();
  }

  async hit(bucket: string, caller: string, rule: RateLimitRule, now: Date): Promise<CountedHit> {
    const key = `${bucket}\u0000${caller}`;
    const known = this.known.get(key);
    const current = known !== undefined && known.resetAt > now && known.windowMs === rule.timeWindowMs ? known : undefined;
    if (current !== undefined && current.shared + current.pending + 1 <= rule.max - headroom(rule)) {
      current.pending += 1;
      return { hits: current.shared + current.pending, resetAt: current.resetAt, crossed: false };
    }
    // Hits of an ended window are dropped with it.
    const hits = (current?.pending ?? 0) + 1;
    if (current !== undefined) current.pending = 0;
    let counted: WindowHit;
    try {
      counted = await countHit(this.options.db, { bucket, caller, windowMs: rule.timeWindowMs, now, hits });
    } catch (error) {
      if (current !== undefined) current.pending += hits - 1;
      throw error;
    }
    this.learn(key, counted, rule.timeWindowMs);
    return { ...counted, crossed: counted.hits > rule.max && counted.hits - hits <= rule.max };
  }

  /** Adds this replica's pending hits to the shared counts and learns the totals; drops ended windows. */
  sync(now: Date = new Date()): Promise<void> {
    this.syncing ??= this.syncOnce(now).finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /** Stops syncing after adding what is pending. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sync();
  }

  private async syncOnce(now: Date): Promise<void> {
    const work: Promise<void>[] = [];
    for (const [key, known] of this.known) {
      if (known.resetAt <= now) {
        this.known.delete(key);
        continue;
      }
      if (known.pending === 0) continue;
      const hits = known.pending;
      known.pending = 0;
      const [bucket = '', caller = ''] = key.split('\u0000');
      work.push(
        countHit(this.options.db, { bucket, caller, windowMs: known.windowMs, now, hits }).then(
          (counted) => this.learn(key, counted, known.windowMs),
          (error: unknown) => {
            known.pending += hits;
            this.options.onSyncError?.(error);
          },
        ),
      );
    }
    await Promise.all(work);
  }

  private learn(key: string, counted: WindowHit, windowMs: number): void {
    const known = this.known.get(key);
    // Hits taken here while the statement ran stay pending for the next sync (those of an ended window do not).
    const pending = known !== undefined && known.resetAt.getTime() === counted.resetAt.getTime() ? known.pending : 0;
    this.known.set(key, { shared: counted.hits, pending, windowMs, resetAt: counted.resetAt });
  }
}
