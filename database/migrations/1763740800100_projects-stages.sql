-- Up Migration

-- Projects move through the stages of a template. The live gate state is held
-- by the project's workflow; these tables keep the record of what happened.

CREATE TABLE stage_templates (
  id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$'),
  name       text NOT NULL,
  -- The whole StageTemplate (stages and their criteria) as clos.yml declares it.
  definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
  built_in   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER stage_templates_updated_at BEFORE UPDATE ON stage_templates
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE projects (
  id                    text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]*$'),
  pod_id                text NOT NULL REFERENCES pods (id) ON DELETE RESTRICT,
  template_id           text NOT NULL REFERENCES stage_templates (id) ON DELETE RESTRICT,
  name                  text NOT NULL,
  linear_project        text,
  stage_time_limit_days numeric CHECK (stage_time_limit_days IS NULL OR stage_time_limit_days > 0),
  current_stage         text,
  stage_entered_at      timestamptz,
  status                text NOT NULL DEFAULT 'active'
                        CHECK (status IN ('active', 'paused', 'done', 'archived')),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_pod_idx ON projects (pod_id);
CREATE INDEX projects_template_idx ON projects (template_id);
CREATE INDEX projects_linear_project_idx ON projects (linear_project) WHERE linear_project IS NOT NULL;
CREATE TRIGGER projects_updated_at BEFORE UPDATE ON projects
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Ids are chosen by the writer (derived from the workflow and its step) so an
-- activity retried under at-least-once delivery inserts with ON CONFLICT DO
-- NOTHING and records a transition once.
CREATE TABLE stage_transitions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id  text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  from_stage  text,
  to_stage    text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('start', 'advance', 'override', 'reset')),
  actor       text,
  reason      text,
  event_id    uuid,
  details     jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'override' OR (actor IS NOT NULL AND reason IS NOT NULL))
);
CREATE INDEX stage_transitions_project_idx ON stage_transitions (project_id, at);

CREATE TABLE evidence (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id   text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  stage_id     text NOT NULL,
  criterion_id text NOT NULL,
  -- Person ids are kept as written: evidence may come from someone who has
  -- since left clos.yml, and the record must survive that.
  submitted_by text NOT NULL,
  role         text CHECK (role IS NULL OR role IN ('viewer', 'member', 'lead', 'admin')),
  value        text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}',
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_project_idx ON evidence (project_id, stage_id, criterion_id);

-- Down Migration

DROP TABLE evidence;
DROP TABLE stage_transitions;
DROP TABLE projects;
DROP TABLE stage_templates;
