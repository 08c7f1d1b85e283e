-- Up Migration

-- The daily standup, one row per person, pod and day (the day in the pod's
-- time zone). Pod and person ids are kept as text, as clos.yml names them:
-- the record must outlive a pod or person leaving the configuration.
CREATE TABLE standups (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pod_id        text NOT NULL,
  person_id     text NOT NULL,
  day           date NOT NULL,
  yesterday     text NOT NULL DEFAULT '',
  today         text NOT NULL DEFAULT '',
  blockers      text NOT NULL DEFAULT '',
  confidence    smallint NOT NULL CHECK (confidence BETWEEN 1 AND 5),
  slack_user_id text,
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pod_id, person_id, day)
);
CREATE INDEX standups_pod_day_idx ON standups (pod_id, day);
CREATE TRIGGER standups_updated_at BEFORE UPDATE ON standups
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A blocker is tracked from the first standup naming it until it is resolved:
-- by its owner leaving it out of a later standup, or by a resolve button.
-- `normalized` is the text folded for matching the same blocker day to day.
CREATE TABLE blockers (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pod_id       text NOT NULL,
  person_id    text NOT NULL,
  standup_id   uuid REFERENCES standups (id) ON DELETE SET NULL,
  description  text NOT NULL CHECK (length(description) > 0),
  normalized   text NOT NULL,
  -- The work item the text names (gh:owner/repo#12, lin:PAY-44), when it names one.
  work_item_id text,
  opened_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  escalated_at timestamptz,
  escalated_to text[],
  resolved_at  timestamptz,
  resolved_by  text,
  CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
);
-- One open blocker per person and text: a standup submitted twice adds nothing.
CREATE UNIQUE INDEX blockers_open_key ON blockers (pod_id, person_id, normalized) WHERE resolved_at IS NULL;
CREATE INDEX blockers_open_age_idx ON blockers (pod_id, opened_at) WHERE resolved_at IS NULL;
CREATE INDEX blockers_work_item_idx ON blockers (work_item_id) WHERE work_item_id IS NOT NULL;

-- Down Migration

DROP TABLE blockers;
DROP TABLE standups;
