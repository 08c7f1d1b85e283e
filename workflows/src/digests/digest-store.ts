import type { DigestFact, WrittenDigest } from '@clos/ai';
import type { DigestKind } from '@clos/domain';
import type { Pool } from 'pg';
import type { DigestTrigger } from '../shared/digest-messages.js';

/** A digest row, as the api lists it and the activities read it. */
export interface DigestRecord {
  id: string;
  orgId: string;
  personId: string;
  kind: DigestKind;
  localDay: string;
  timezone: string;
  trigger: DigestTrigger;
  claimedBy: string;
  status: 'claimed' | 'written' | 'sent' | 'failed' | 'skipped';
  writer?: WrittenDigest['writer'];
  model?: string;
  fallbackReason?: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  content?: WrittenDigest;
  facts?: DigestFact[];
  slackChannel?: string;
  slackTs?: string;
  error?: string;
  claimedAt: string;
  sentAt?: string;
  alertedAt?: string;
}

/** Filters of {@link DigestStore.list}. */
export interface ListDigestsFilter {
  personId?: string;
  /** Only digests of these people (a lead sees their pods' people). */
  personIds?: string[];
  kind?: DigestKind;
  limit?: number;
}

/** Minutes after which an unsent claim of a run that stopped may be taken over. */
export const STALE_CLAIM_MINUTES = 10;

/** The `digests` table: one row per person, kind and local day. */
export interface DigestStore {
  /** Inserts the row if it is not there; answers the row either way and whether this call created it. */
  /**
   * Claims the person's digest of the kind and day for run `owner`: inserts the row, or
   * takes over a claim left unsent longer than {@link STALE_CLAIM_MINUTES}. `owned` says
   * whether `owner` holds the claim now (its retries keep holding it).
   */
  claim(input: { orgId: string; personId: string; kind: DigestKind; localDay: string; timezone: string; trigger: DigestTrigger; owner: string }): Promise<{ record: DigestRecord; owned: boolean }>;
  /** Stores what the writer wrote (once: a second write of a written row changes nothing). */
  saveWritten(id: string, digest: WrittenDigest, facts: DigestFact[]): Promise<DigestRecord>;
  markSent(id: string, channel: string, ts: string | undefined): Promise<void>;
  /** Marks the row failed; answers true only for the call that changed it (so the alert goes once). */
  markFailed(id: string, error: string): Promise<boolean>;
  /** Sets `alerted_at` if unset; true only for the call that set it. */
  markAlerted(id: string): Promise<boolean>;
  get(id: string): Promise<DigestRecord | undefined>;
  list(filter: ListDigestsFilter): Promise<DigestRecord[]>;
  /** USD the organisation's digests cost in the calendar month (UTC) of `at`. */
  spentInMonth(orgId: string, at: Date): Promise<number>;
}

interface DigestRow {
  id: string;
  org_id: string;
  person_id: string;
  kind: DigestKind;
  local_day: string;
  timezone: string;
  trigger: DigestTrigger;
  claimed_by: string;
  status: DigestRecord['status'];
  writer: WrittenDigest['writer'] | null;
  model: string | null;
  fallback_reason: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string;
  content: WrittenDigest | null;
  facts: DigestFact[] | null;
  slack_channel: string | null;
  slack_ts: string | null;
  error: string | null;
  claimed_at: Date;
  sent_at: Date | null;
  alerted_at: Date | null;
}

const COLUMNS = `id, org_id, person_id, kind, to_char(local_day, 'YYYY-MM-DD') AS local_day, timezone, trigger, claimed_by, status, writer, model,
  fallback_reason, input_tokens, output_tokens, cost_usd, content, facts, slack_channel, slack_ts, error, claimed_at, sent_at, alerted_at`;

function toRecord(row: DigestRow): DigestRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    personId: row.person_id,
    kind: row.kind,
    localDay: row.local_day,
    timezone: row.timezone,
    trigger: row.trigger,
    claimedBy: row.claimed_by,
    status: row.status,
    ...(row.writer !== null ? { writer: row.writer } : {}),
    ...(row.model !== null ? { model: row.model } : {}),
    ...(row.fallback_reason !== null ? { fallbackReason: row.fallback_reason } : {}),
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: Number(row.cost_usd),
    ...(row.content !== null ? { content: row.content } : {}),
    ...(row.facts !== null ? { facts: row.facts } : {}),
    ...(row.slack_channel !== null ? { slackChannel: row.slack_channel } : {}),
    ...(row.slack_ts !== null ? { slackTs: row.slack_ts } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    claimedAt: row.claimed_at.toISOString(),
    ...(row.sent_at !== null ? { sentAt: row.sent_at.toISOString() } : {}),
    ...(row.alerted_at !== null ? { alertedAt: row.alerted_at.toISOString() } : {}),
  };
}

/** The digest records in Postgres (database/migrations/…_digests.sql). */
export function createPgDigestStore(pool: Pool): DigestStore {
  const get = async (id: string): Promise<DigestRecord | undefined> => {
    const { rows } = await pool.query<DigestRow>(`SELECT ${COLUMNS} FROM digests WHERE id = $1`, [id]);
    return rows[0] !== undefined ? toRecord(rows[0]) : undefined;
  };
  return {
    async claim(input) {
      const inserted = await pool.query<DigestRow>(
        `INSERT INTO digests (org_id, person_id, kind, local_day, timezone, trigger, claimed_by)
         VALUES ($1, $2, $3, $4::date, $5, $6, $7)
         ON CONFLICT (person_id, kind, local_day) DO NOTHING
         RETURNING ${COLUMNS}`,
        [input.orgId, input.personId, input.kind, input.localDay, input.timezone, input.trigger, input.owner],
      );
      if (inserted.rows[0] !== undefined) return { record: toRecord(inserted.rows[0]), owned: true };
      // Taken over only if unsent and stale; the WHERE makes two late runs race for it safely.
      const taken = await pool.query<DigestRow>(
        `UPDATE digests SET claimed_by = $4, claimed_at = now()
          WHERE person_id = $1 AND kind = $2 AND local_day = $3::date AND claimed_by <> $4
            AND status IN ('claimed', 'written') AND claimed_at < now() - make_interval(mins => ${STALE_CLAIM_MINUTES})
          RETURNING ${COLUMNS}`,
        [input.personId, input.kind, input.localDay, input.owner],
      );
      if (taken.rows[0] !== undefined) return { record: toRecord(taken.rows[0]), owned: true };
      const { rows } = await pool.query<DigestRow>(`SELECT ${COLUMNS} FROM digests WHERE person_id = $1 AND kind = $2 AND local_day = $3::date`, [
        input.personId,
        input.kind,
        input.localDay,
      ]);
      if (rows[0] === undefined) throw new Error(`digest of ${input.personId} ${input.kind} ${input.localDay} vanished after its claim`);
      const record = toRecord(rows[0]);
      return { record, owned: record.claimedBy === input.owner };
    },
    async saveWritten(id, digest, facts) {
      await pool.query(
        `UPDATE digests SET status = 'written', writer = $2, model = $3, fallback_reason = $4, input_tokens = $5, output_tokens = $6,
                cost_usd = $7, content = $8, facts = $9, written_at = now()
          WHERE id = $1 AND status = 'claimed'`,
        [
          id,
          digest.writer,
          digest.model ?? null,
          digest.fallbackReason ?? null,
          digest.usage?.inputTokens ?? 0,
          digest.usage?.outputTokens ?? 0,
          digest.usage?.costUsd ?? 0,
          JSON.stringify(digest),
          JSON.stringify(facts),
        ],
      );
      const record = await get(id);
      if (record === undefined) throw new Error(`digest ${id} not found`);
      return record;
    },
    async markSent(id, channel, ts) {
      await pool.query(`UPDATE digests SET status = 'sent', slack_channel = $2, slack_ts = $3, sent_at = now(), error = NULL WHERE id = $1 AND status <> 'sent'`, [
        id,
        channel,
        ts ?? null,
      ]);
    },
    async markFailed(id, error) {
      const { rowCount } = await pool.query(`UPDATE digests SET status = 'failed', error = $2, failed_at = now() WHERE id = $1 AND status IN ('claimed', 'written')`, [
        id,
        error.slice(0, 2000),
      ]);
      return rowCount === 1;
    },
    async markAlerted(id) {
      const { rowCount } = await pool.query(`UPDATE digests SET alerted_at = now() WHERE id = $1 AND alerted_at IS NULL`, [id]);
      return rowCount === 1;
    },
    get,
    async list(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.personId !== undefined) where.push(`person_id = $${params.push(filter.personId)}`);
      if (filter.personIds !== undefined) where.push(`person_id = ANY($${params.push(filter.personIds)}::text[])`);
      if (filter.kind !== undefined) where.push(`kind = $${params.push(filter.kind)}`);
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const { rows } = await pool.query<DigestRow>(
        `SELECT ${COLUMNS} FROM digests ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY claimed_at DESC, id LIMIT ${limit}`,
        params,
      );
      return rows.map(toRecord);
    },
    async spentInMonth(orgId, at) {
      const { rows } = await pool.query<{ spent: string | null }>(
        `SELECT sum(cost_usd) AS spent FROM digests
          WHERE org_id = $1 AND claimed_at >= date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
            AND claimed_at < (date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC'`,
        [orgId, at.toISOString()],
      );
      return Number(rows[0]?.spent ?? 0);
    },
  };
}
