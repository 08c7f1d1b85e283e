import type { DomainEvent } from '@clos/domain';
import { createPgIdeaStore } from '@clos/platform';
import type pg from 'pg';

/** Brings an accepted idea's ledger entry in line with its GitHub issue. */
export interface IdeaIssueSync {
  /** Applies one `issue.changed`; answers whether an idea changed. */
  issueChanged(event: DomainEvent<'issue.changed'>): Promise<boolean>;
}

/** {@link IdeaIssueSync} over the idea records (see `IdeaStore.syncIssueState`). */
export function createPgIdeaIssueSync(pool: pg.Pool): IdeaIssueSync {
  const ideas = createPgIdeaStore(pool);
  return {
    issueChanged(event) {
      const { repo, number, state, stateReason, action } = event.payload;
      const reason = `GitHub issue ${repo}#${number} ${action}${stateReason ? ` (${stateReason})` : ''}`;
      return ideas.syncIssueState({ repo, number, state, at: event.occurredAt, reason });
    },
  };
}
