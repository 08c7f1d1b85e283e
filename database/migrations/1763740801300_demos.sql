-- Up Migration

-- Demos of a project: scheduled for a day in the pod's time zone, marked held
-- (which counts as evidence where the project's template asks for a demo),
-- and reminded the working day before and the morning of.
CREATE TABLE demos (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id            text NOT NULL,
  pod_id                text NOT NULL,
  scheduled_for         date NOT NULL,
  scheduled_by          text NOT NULL,
  -- The Slack request that scheduled it, so a retried one schedules nothing twice.
  request_key           text UNIQUE,
  held_at               timestamptz,
  held_by               text,
  evidence_submitted_at timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((held_at IS NULL) = (held_by IS NULL))
);
CREATE INDEX demos_upcoming_idx ON demos (pod_id, scheduled_for) WHERE held_at IS NULL;
CREATE INDEX demos_project_idx ON demos (project_id, scheduled_for DESC);

-- Down Migration

DROP TABLE demos;
