import type { DomainEvent } from '@clos/domain';
import { withTransaction } from '@clos/platform';
import type pg from 'pg';

/** Brings an accepted idea's ledger entry in line with its GitHub issue. */
export interface IdeaIssueSync {
  /** Applies one `issue.changed`; answers whether an idea changed. */
  issueChanged(event: DomainEvent<'issue.changed'>): Promise<boolean>;
}

/**
 * {@link IdeaIssueSync} on Postgres. The issue's state is written only when the event is
 * newer than the last one applied, so a redelivered or reordered delivery changes nothing
 * twice; each change adds a line to the idea's status history (the status itself stays:
 * an accepted idea is still accepted whether its issue is open or closed).
 */
export function createPgIdeaIssueSync(pool: pg.Pool): IdeaIssueSync {
  return {
    async issueChanged(event) {
      const { repo, number, state, stateReason, action } = event.payload;
      return withTransaction(pool, async (client) => {
        const updated = await client.query<{ id: string; status: string; changed: boolean }>(
          `WITH before AS (
             SELECT id, github_issue_state FROM ideas
              WHERE lower(github_repo) = lower($1) AND github_issue_number = $2
              FOR UPDATE
           )
           UPDATE ideas i SET github_issue_state = $3, github_issue_synced_at = $4
             FROM before b
            WHERE i.id = b.id AND (i.github_issue_synced_at IS NULL OR i.github_issue_synced_at < $4)
           RETURNING i.id, i.status, b.github_issue_state IS DISTINCT FROM $3 AS changed`,
          [repo, number, state, event.occurredAt],
        );
        const row = updated.rows[0];
        if (row?.changed !== true) return false;
        const reason = `GitHub issue ${repo}#${number} ${action}${stateReason ? ` (${stateReason})` : ''}`;
        await client.query(
          `INSERT INTO idea_status_changes (idea_id, from_status, to_status, actor, reason, at) VALUES ($1, $2, $2, 'github', $3, $4)`,
          [row.id, row.status, reason, event.occurredAt],
        );
        return true;
      });
    },
  };
}
