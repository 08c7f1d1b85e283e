import type { Queryable } from '@clos/platform';
import { findTokenById, tokenStatus } from '../../auth/token-store.js';

/** How often an open stream asks the record whether its token still holds (default). */
export const STREAM_RECHECK_MS = 2_000;

/**
 * Watches the token (or session) an open stream was authorized with and calls `onEnded`
 * once it is revoked or expires, whichever replica revoked it: a stream is authorized once
 * when it opens, and would otherwise keep sending to a credential that no longer holds.
 * Returns the function that stops watching.
 */
export function followRevocation(input: {
  db: Queryable;
  tokenId: string;
  onEnded: (status: 'revoked' | 'expired' | 'unknown') => void;
  onError?: (error: unknown) => void;
  everyMs?: number;
  now?: () => Date;
}): () => void {
  const now = input.now ?? (() => new Date());
  let stopped = false;
  let checking = false;
  const timer = setInterval(() => {
    if (checking || stopped) return;
    checking = true;
    findTokenById(input.db, input.tokenId)
      .then((record) => {
        if (stopped) return;
        const status = record === undefined ? 'unknown' : tokenStatus(record, now());
        if (status === 'active') return;
        stop();
        input.onEnded(status);
      })
      .catch((error: unknown) => input.onError?.(error))
      .finally(() => {
        checking = false;
      });
  }, input.everyMs ?? STREAM_RECHECK_MS);
  timer.unref();
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
