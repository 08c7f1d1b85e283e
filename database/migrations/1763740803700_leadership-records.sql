-- Up Migration

-- The leadership layer: a person's own execution record. Every row belongs to one
-- person (a clos.yml member, `people.id`); only that person reads it (see ADR
-- "leadership records are private"). Free text is stored encrypted (AES-256-GCM,
-- `*_enc` columns hold `v1.<keyId>.<iv>.<tag>.<ciphertext>`), numbers and
-- categories in the clear so pod aggregates and analytics need no key.

-- The member an API token or a browser session acts for.
ALTER TABLE api_tokens ADD COLUMN person_id text REFERENCES people (id) ON DELETE SET NULL;

CREATE TABLE leadership_checkins (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id   text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  -- The person's local day (organisation time zone).
  local_date  date NOT NULL,
  energy      text NOT NULL CHECK (energy IN ('high', 'medium', 'low')),
  stress      integer NOT NULL CHECK (stress BETWEEN 1 AND 10),
  tension     boolean NOT NULL DEFAULT false,
  circular    boolean NOT NULL DEFAULT false,
  mission_enc text,
  completion  text CHECK (completion IN ('delivered', 'delegated', 'live')),
  completed_at timestamptz,
  reflection_enc text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, local_date)
);
CREATE TRIGGER leadership_checkins_updated_at BEFORE UPDATE ON leadership_checkins
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE leadership_paralysis (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id    text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  local_date   date NOT NULL,
  decision_enc text NOT NULL,
  fear_enc     text NOT NULL,
  -- Context copied from the day's check-in, for the trigger analysis.
  stress       integer CHECK (stress BETWEEN 1 AND 10),
  energy       text CHECK (energy IN ('high', 'medium', 'low')),
  decision_id  uuid,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leadership_paralysis_person_idx ON leadership_paralysis (person_id, created_at);

CREATE TABLE leadership_decisions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id     text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  text_enc      text NOT NULL,
  decision_type text NOT NULL CHECK (decision_type IN ('reversible_low', 'reversible_high', 'irreversible')),
  pod_id        text REFERENCES pods (id) ON DELETE SET NULL,
  opened_at     timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz,
  rationale_enc text,
  communicated_to text[] NOT NULL DEFAULT '{}',
  CHECK (decided_at IS NULL OR decided_at >= opened_at)
);
CREATE INDEX leadership_decisions_open_idx ON leadership_decisions (person_id, opened_at) WHERE decided_at IS NULL;

CREATE TABLE leadership_delegations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id       text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  task_enc        text NOT NULL,
  delegate        text NOT NULL CHECK (length(delegate) BETWEEN 1 AND 200),
  control_impulse integer NOT NULL CHECK (control_impulse BETWEEN 1 AND 10),
  handoff_done    boolean NOT NULL DEFAULT false,
  outcome         text CHECK (outcome IN ('owned', 're_engaged', 'boomeranged')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  closed_at       timestamptz
);
CREATE INDEX leadership_delegations_person_idx ON leadership_delegations (person_id, created_at);

CREATE TABLE leadership_projects (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id       text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  name_enc        text NOT NULL,
  criteria_enc    text NOT NULL,
  deadline        date NOT NULL,
  -- Estimate at completion: when it will really be done.
  eac             date NOT NULL,
  status          text NOT NULL DEFAULT 'green' CHECK (status IN ('green', 'yellow', 'red')),
  value           integer CHECK (value BETWEEN 1 AND 10),
  leverage        integer CHECK (leverage BETWEEN 1 AND 10),
  net_energy      integer CHECK (net_energy BETWEEN -5 AND 5),
  clos_project_id text,
  completed_at    timestamptz,
  shipped_early   boolean,
  killed_at       timestamptz,
  killed_reason_enc text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (completed_at IS NULL OR killed_at IS NULL)
);
CREATE INDEX leadership_projects_person_idx ON leadership_projects (person_id, created_at);
CREATE TRIGGER leadership_projects_updated_at BEFORE UPDATE ON leadership_projects
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The personal circuit breaker: simplified mode from activation to deactivation.
CREATE TABLE leadership_breaker_events (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id      text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  reason_enc     text NOT NULL,
  -- The failing signals at activation, e.g. ["stress", "decisions_overdue"].
  signals        text[] NOT NULL DEFAULT '{}',
  activated_at   timestamptz NOT NULL DEFAULT now(),
  deactivated_at timestamptz,
  -- Failing signals at deactivation: how far the person had recovered.
  signals_at_recovery text[],
  CHECK (deactivated_at IS NULL OR deactivated_at >= activated_at)
);
-- At most one active breaker per person.
CREATE UNIQUE INDEX leadership_breaker_active_key ON leadership_breaker_events (person_id) WHERE deactivated_at IS NULL;

-- Weekly and monthly reviews: the period's figures as computed, and the person's notes.
CREATE TABLE leadership_reviews (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id     text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('weekly', 'monthly')),
  period_start  date NOT NULL,
  figures       jsonb NOT NULL DEFAULT '{}',
  focus_enc     text,
  secondary_enc text,
  notes_enc     text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, kind, period_start)
);
CREATE TRIGGER leadership_reviews_updated_at BEFORE UPDATE ON leadership_reviews
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Down Migration

DROP TABLE leadership_reviews;
DROP TABLE leadership_breaker_events;
DROP TABLE leadership_projects;
DROP TABLE leadership_delegations;
DROP TABLE leadership_decisions;
DROP TABLE leadership_paralysis;
DROP TABLE leadership_checkins;
ALTER TABLE api_tokens DROP COLUMN person_id;
