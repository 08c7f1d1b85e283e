-- Up Migration

-- The idea ledger: problem, ICE score (impact x confidence x ease, each 1-10),
-- status with its history, and the GitHub issue an accepted idea became.
CREATE TABLE ideas (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pod_id              text,
  title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  problem             text NOT NULL DEFAULT '',
  impact              smallint NOT NULL CHECK (impact BETWEEN 1 AND 10),
  confidence          smallint NOT NULL CHECK (confidence BETWEEN 1 AND 10),
  ease                smallint NOT NULL CHECK (ease BETWEEN 1 AND 10),
  ice_score           integer GENERATED ALWAYS AS (impact * confidence * ease) STORED,
  status              text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
  submitted_by        text NOT NULL,
  -- The Slack submission that created it, so a retried submission creates nothing twice.
  submission_key      text UNIQUE,
  github_repo         text,
  github_issue_number integer,
  github_issue_url    text,
  github_issue_state  text CHECK (github_issue_state IS NULL OR github_issue_state IN ('open', 'closed')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((github_issue_number IS NULL) = (github_repo IS NULL))
);
CREATE INDEX ideas_status_score_idx ON ideas (status, ice_score DESC);
CREATE INDEX ideas_pod_idx ON ideas (pod_id) WHERE pod_id IS NOT NULL;
CREATE UNIQUE INDEX ideas_github_issue_key ON ideas (lower(github_repo), github_issue_number) WHERE github_repo IS NOT NULL;
CREATE TRIGGER ideas_updated_at BEFORE UPDATE ON ideas
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE idea_status_changes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idea_id     bigint NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
  from_status text,
  to_status   text NOT NULL,
  actor       text NOT NULL,
  reason      text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idea_status_changes_idea_idx ON idea_status_changes (idea_id, at);

-- Down Migration

DROP TABLE idea_status_changes;
DROP TABLE ideas;
