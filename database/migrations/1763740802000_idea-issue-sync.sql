-- Up Migration

-- When the state of an accepted idea's GitHub issue was last synced from a webhook, so a
-- late, reordered delivery never overwrites a newer state.
ALTER TABLE ideas ADD COLUMN github_issue_synced_at timestamptz;

-- Down Migration

ALTER TABLE ideas DROP COLUMN github_issue_synced_at;
