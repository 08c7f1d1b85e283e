import type { TokenRecord } from './token-store.js';

/** How long a looked-up token is trusted without asking the record again, by default. */
export const TOKEN_CACHE_MS = 5_000;

/** Entries kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

/**
 * Token records looked up recently, by token hash, so a busy client costs one lookup every
 * few seconds rather than one per request. Expiry is still judged on every request (the
 * record carries `expiresAt`); a revocation made through this api takes effect at once
 * ({@link TokenCache.forget}), one made elsewhere (the CLI, another api instance) within
 * `ttlMs`. Unknown tokens are not cached, so a token issued elsewhere works at once.
 */
export class TokenCache {
  private readonly entries = new Map<string, { record: TokenRecord; until: number }>();

  constructor(private readonly ttlMs: number = TOKEN_CACHE_MS) {}

  /** The cached record of that hash, if still fresh at `now` (ms). */
  get(hash: string, now: number): TokenRecord | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.record;
  }

  set(hash: string, record: TokenRecord, now: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { record, until: now + this.ttlMs });
  }

  /** Drops the token with that id (revoked, or a session ended). */
  forget(tokenId: string): void {
    for (const [hash, entry] of this.entries) if (entry.record.id === tokenId) this.entries.delete(hash);
  }
}
