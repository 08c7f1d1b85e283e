/** What a cached answer depends on: invalidating a tag drops every answer carrying it. */
export type ReadTag = 'pods' | 'events' | 'wip' | 'search';

/** Options of {@link ReadCache}. */
export interface ReadCacheOptions {
  /** How long an answer is served at most (the bound on staleness should a notification be lost). */
  ttlMs: number;
  /** Most answers held; the oldest go first past it. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  value: Promise<unknown>;
  expiresAt: number;
  tags: readonly ReadTag[];
}

/**
 * A short-lived cache of read answers in one api replica. Concurrent misses of one key
 * share one load; an answer lives `ttlMs` at most and is dropped at once when one of its
 * tags is invalidated (the change feed does that on every replica when the tables behind
 * it change). It serves nothing while {@link ReadCache.enabled} is false — the replica
 * cannot hear about changes then — so a stale answer never outlives a lost connection.
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private active = false;

  constructor(private readonly options: ReadCacheOptions) {
    this.maxEntries = options.maxEntries ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether answers are cached: only while changes can be heard. */
  get enabled(): boolean {
    return this.active && this.options.ttlMs > 0;
  }

  /** Turns caching on (changes are heard) or off, dropping everything held. */
  setEnabled(enabled: boolean): void {
    this.active = enabled;
    this.clear();
  }

  /** Answers held (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** The answer under `key`, loading it once for every concurrent caller when missing or expired. */
  async get<T>(key: string, tags: readonly ReadTag[], load: () => Promise<T>): Promise<T> {
    if (!this.enabled) return load();
    const at = this.now();
    const held = this.entries.get(key);
    if (held !== undefined && held.expiresAt > at) return held.value as Promise<T>;
    if (held !== undefined) this.entries.delete(key);
    const value = load();
    const entry: Entry = { value, expiresAt: at + this.options.ttlMs, tags };
    this.entries.set(key, entry);
    // A failed load is not an answer: the next caller tries again.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  /**
   * Drops every answer carrying one of `tags`. A load still running is dropped too: its
   * callers asked before the change, the next caller loads anew.
   */
  invalidate(tags: readonly ReadTag[]): void {
    for (const [key, entry] of this.entries) {
      if (entry.tags.some((tag) => tags.includes(tag))) this.entries.delete(key);
    }
  }

  /** Drops everything held. */
  clear(): void {
    this.entries.clear();
  }
}
