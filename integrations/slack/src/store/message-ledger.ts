import type { SqlClient } from './sql-client.js';

/** A send claimed in the ledger. */
export interface MessageClaim {
  key: string;
  channel: string;
  threadKey?: string;
  kind?: string;
}

/**
 * The record of what the bot posted (table `slack_messages`): one row per idempotency key,
 * claimed before the send and completed with Slack's `ts` after it, plus the thread roots
 * later messages reply to.
 */
export interface MessageLedger {
  /**
   * Claims `key` for sending. False when it was sent already, or another send of it is in
   * progress; a claim left unfinished for `staleAfterSeconds` (a crash mid-send) may be
   * taken again.
   */
  claim(claim: MessageClaim, staleAfterSeconds?: number): Promise<boolean>;
  /** Completes a claim with what Slack answered. */
  markSent(key: string, sent: { ts: string; threadTs?: string }): Promise<void>;
  /** Drops an unfinished claim (the send failed), so a retry sends. */
  release(key: string): Promise<void>;
  /** The newest thread root of `threadKey` in `channel` posted since `since`. */
  threadRoot(channel: string, threadKey: string, since: Date): Promise<string | undefined>;
  /** Whether `key` was sent. */
  wasSent(key: string): Promise<boolean>;
}

/** Default time after which an unfinished claim counts as abandoned. */
export const DEFAULT_STALE_CLAIM_SECONDS = 300;

/** {@link MessageLedger} on Postgres. */
export function createPgMessageLedger(db: SqlClient): MessageLedger {
  return {
    async claim(claim, staleAfterSeconds = DEFAULT_STALE_CLAIM_SECONDS) {
      const result = await db.query(
        `INSERT INTO slack_messages (key, channel, thread_key, kind)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET claimed_at = now(), channel = EXCLUDED.channel
           WHERE slack_messages.ts IS NULL
             AND slack_messages.claimed_at < now() - make_interval(secs => $5)
         RETURNING key`,
        [claim.key, claim.channel, claim.threadKey ?? null, claim.kind ?? null, staleAfterSeconds],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async markSent(key, sent) {
      await db.query(`UPDATE slack_messages SET ts = $2, thread_ts = $3, sent_at = now() WHERE key = $1`, [
        key,
        sent.ts,
        sent.threadTs ?? null,
      ]);
    },
    async release(key) {
      await db.query(`DELETE FROM slack_messages WHERE key = $1 AND ts IS NULL`, [key]);
    },
    async threadRoot(channel, threadKey, since) {
      const result = await db.query<{ ts: string }>(
        `SELECT ts FROM slack_messages
          WHERE channel = $1 AND thread_key = $2 AND ts IS NOT NULL AND thread_ts IS NULL AND sent_at >= $3
          ORDER BY sent_at DESC LIMIT 1`,
        [channel, threadKey, since],
      );
      return result.rows[0]?.ts;
    },
    async wasSent(key) {
      const result = await db.query(`SELECT 1 FROM slack_messages WHERE key = $1 AND ts IS NOT NULL`, [key]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}
