-- Up Migration

-- Columns no code path ever wrote: a reader of them could only ever see NULL.
-- A repository's default branch comes with each push event, and the GitHub App
-- installation with each delivery; the record keeps neither. A stage transition's
-- idempotency key is its own id (derived from the workflow's key), not an event id.
ALTER TABLE repos DROP COLUMN default_branch, DROP COLUMN installation_id;
ALTER TABLE stage_transitions DROP COLUMN event_id;

-- Down Migration

ALTER TABLE stage_transitions ADD COLUMN event_id uuid;
ALTER TABLE repos ADD COLUMN default_branch text, ADD COLUMN installation_id bigint;
